using System.Text;

namespace Keel;

/// <summary>Turns a lock name into the 64-bit key PostgreSQL advisory locks take.</summary>
public static class AdvisoryLockKey
{
    /// <summary>
    /// FNV-1a over the name's UTF-8 bytes: stable across processes, machines and .NET versions (unlike
    /// <see cref="string.GetHashCode()"/>), so every application instance agrees on the key.
    /// </summary>
    public static long From(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        const ulong offset = 14695981039346656037;
        const ulong prime = 1099511628211;
        var hash = offset;
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            hash ^= b;
            hash *= prime;
        }

        return unchecked((long)hash);
    }
}
