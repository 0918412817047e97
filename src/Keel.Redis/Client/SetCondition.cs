namespace Keel.Redis;

/// <summary>When <c>SET</c> may write: always, only a new key (<c>NX</c>), or only an existing one (<c>XX</c>).</summary>
internal enum SetCondition
{
    Always,
    IfNotExists,
    IfExists,
}
