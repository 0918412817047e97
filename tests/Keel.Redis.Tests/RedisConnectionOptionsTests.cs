namespace Keel.Redis.Tests;

public sealed class RedisConnectionOptionsTests
{
    [Fact]
    public void Parse_reads_the_endpoint_and_every_option()
    {
        var options = RedisConnectionOptions.Parse(
            "cache.internal:6380, password=p@ss=word ,user=app,defaultDatabase=3,name=web,connectTimeout=1500,commandTimeout=250,keepAlive=30");

        Assert.Equal("cache.internal", options.Host);
        Assert.Equal(6380, options.Port);
        Assert.Equal("p@ss=word", options.Password);
        Assert.Equal("app", options.User);
        Assert.Equal(3, options.DefaultDatabase);
        Assert.Equal("web", options.ClientName);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.CommandTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.KeepAlive);
    }

    [Theory]
    [InlineData("localhost", "localhost", 6379)]
    [InlineData("10.0.0.5:7000", "10.0.0.5", 7000)]
    [InlineData("[::1]:6390", "::1", 6390)]
    [InlineData("[::1]", "::1", 6379)]
    [InlineData("PASSWORD=x,127.0.0.1:1", "127.0.0.1", 1)]
    public void Parse_reads_endpoints(string connectionString, string host, int port)
    {
        var options = RedisConnectionOptions.Parse(connectionString);

        Assert.Equal((host, port), (options.Host, options.Port));
    }

    [Theory]
    [InlineData("password=x")]
    [InlineData("a:1,b:2")]
    [InlineData("localhost:0")]
    [InlineData("localhost:http")]
    [InlineData("::1:6379")]
    [InlineData("localhost,ssl=true")]
    [InlineData("localhost,defaultDatabase=-1")]
    [InlineData("localhost,connectTimeout=soon")]
    public void Parse_rejects_bad_connection_strings_with_ArgumentException(string connectionString)
    {
        var error = Assert.Throws<ArgumentException>(() => RedisConnectionOptions.Parse(connectionString));

        Assert.NotEmpty(error.Message);
    }

    [Fact]
    public void ToString_hides_the_password()
    {
        var text = RedisConnectionOptions.Parse("localhost:6379,password=hunter2,defaultDatabase=2").ToString();

        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.Equal("localhost:6379,password=*****,defaultDatabase=2", text);
    }
}
