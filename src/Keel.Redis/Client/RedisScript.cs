using System.Security.Cryptography;
using System.Text;

namespace Keel.Redis;

/// <summary>A Lua script run with <c>EVALSHA</c>, falling back to <c>EVAL</c> when the server has not cached it yet.</summary>
internal sealed class RedisScript
{
    public RedisScript(string text)
    {
        Text = text;
        // Redis names cached scripts by their SHA-1; it is an identifier here, not a security measure.
#pragma warning disable CA5350
        Sha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5350
    }

    public string Text { get; }

    public string Sha1 { get; }
}
