using System.Net;
using Bunsan.ControlPlane.Hosting;

namespace Bunsan.ControlPlane.Tests.Cluster;

public sealed class ClusterSettingsTests
{
    private static ClusterSettings Valid() => new()
    {
        PostgresConnectionString = "Host=db.internal;Port=5432;Username=bunsan;Password=s3cret;Database=bunsan",
        RedisEndpoint = "redis.internal:6379",
    };

    [Fact]
    public void Validate_ValidSettings_NoErrors() => Assert.Empty(Valid().Validate());

    [Theory]
    [InlineData("redis:6379", "redis", 6379)]
    [InlineData("10.0.0.7:6380", "10.0.0.7", 6380)]
    [InlineData("[::1]:6379", "::1", 6379)]
    public void TryParseRedisEndpoint_HostAndPort_Splits(string endpoint, string host, int port)
    {
        Assert.True(ClusterSettings.TryParseRedisEndpoint(endpoint, out string parsedHost, out int parsedPort));
        Assert.Equal((host, port), (parsedHost, parsedPort));
    }

    [Theory]
    [InlineData("")]
    [InlineData("redis")]
    [InlineData(":6379")]
    [InlineData("redis:0")]
    [InlineData("redis:65536")]
    [InlineData("redis:-1")]
    [InlineData("redis:+6379")]
    [InlineData("redis:6379 ")]
    [InlineData("::1:6379")]
    [InlineData("[redis]:6379")]
    [InlineData("redis:6379,allowAdmin=true")]
    [InlineData("evil,password=x:6379")]
    [InlineData("re dis:6379")]
    [InlineData("redis\n:6379")]
    public void Validate_HostileRedisEndpoint_NamesTheOptionAndTheForm(string endpoint)
    {
        ClusterSettings settings = Valid();
        settings.RedisEndpoint = endpoint;

        string error = Assert.Single(settings.Validate());

        Assert.StartsWith("RedisEndpoint is", error, StringComparison.Ordinal);
        Assert.Contains("HOST:PORT", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("   ", "is empty")]
    [InlineData("Port=5432;Username=bunsan", "names no Host")]
    [InlineData("Host=db;NoSuchKey=1;Password=s3cret", "is not a valid connection string")]
    [InlineData("Host=db;Port=notaport;Password=s3cret", "is not a valid connection string")]
    [InlineData("Host=db;Port=99999999999;Password=s3cret", "is not a valid connection string")]
    [InlineData("postgres://bunsan:s3cret@db/bunsan", "is not a valid connection string")]
    [InlineData("Host='db;Password=s3cret", "is not a valid connection string")]
    public void Validate_BadConnectionString_NamesTheOptionNeverThePassword(string connectionString, string problem)
    {
        ClusterSettings settings = Valid();
        settings.PostgresConnectionString = connectionString;

        string error = Assert.Single(settings.Validate());

        Assert.StartsWith("PostgresConnectionString " + problem, error, StringComparison.Ordinal);
        Assert.Contains("Host=", error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("prod cluster")]
    [InlineData("a/b")]
    [InlineData("{bunsan}")]
    public void Validate_BadClusterId_NamesTheOption(string clusterId)
    {
        ClusterSettings settings = Valid();
        settings.ClusterId = clusterId;

        Assert.StartsWith("ClusterId is", Assert.Single(settings.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ClusterIdTooLong_NamesTheOption()
    {
        ClusterSettings settings = Valid();
        settings.ClusterId = new string('a', 65);

        Assert.StartsWith("ClusterId is", Assert.Single(settings.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AdvertisedAddressAny_SaysOtherSilosCannotReachIt()
    {
        ClusterSettings settings = Valid();
        settings.AdvertisedAddress = IPAddress.Any;

        Assert.Contains("other silos cannot connect", Assert.Single(settings.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void ControlPlaneOptionsValidate_BadCluster_PrefixesTheClusterFields()
    {
        var options = new ControlPlaneOptions { DataDirectory = "/tmp/x", Cluster = new ClusterSettings() };

        IReadOnlyList<string> errors = options.Validate();

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("Cluster.PostgresConnectionString is empty", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("Cluster.RedisEndpoint is ''", errors[1], StringComparison.Ordinal);
    }
}
