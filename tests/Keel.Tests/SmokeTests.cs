namespace Keel.Tests;

public sealed class SmokeTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task Scalar_query_round_trips_a_parameter()
    {
        await using var session = await db.Keel.OpenSessionAsync();
        var value = 41;
        var result = await session.ScalarAsync<int>($"SELECT {value} + 1");
        Assert.Equal(42, result);
    }
}
