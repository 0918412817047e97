namespace Keel.Redis.Tests;

/// <summary>A cache factory standing in for the database: counts its calls and returns a value naming the call.</summary>
public sealed class CountingFactory(string node)
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Task<Member> LoadAsync(CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        return Task.FromResult(new Member(call, node + "-" + call));
    }
}
