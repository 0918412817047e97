namespace Keel;

/// <summary>What a <see cref="CacheBackplaneMessage"/> asks the other nodes to do with their L1.</summary>
public enum CacheBackplaneAction
{
    /// <summary>The key was set on another node: drop the local copy so the next read takes the new value from L2.</summary>
    Set = 1,

    /// <summary>The key was removed on another node.</summary>
    Remove = 2,

    /// <summary>Every entry carrying the tag (in <see cref="CacheBackplaneMessage.Key"/>) was invalidated.</summary>
    RemoveByTag = 3,

    /// <summary>Drop the whole L1 (sent locally after a backplane reconnect, when messages may have been missed).</summary>
    Clear = 4,
}
