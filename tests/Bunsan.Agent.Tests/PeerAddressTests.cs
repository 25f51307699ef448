namespace Bunsan.Agent.Tests;

/// <summary>The peer port a health answer advertises comes from another machine: only a plain port number is believed.</summary>
public sealed class PeerAddressTests
{
    private static readonly Uri Endpoint = new("http://10.0.0.7:7101/");

    private static Uri? From(params string[] values)
    {
        using var health = new HttpResponseMessage();
        foreach (string value in values)
        {
            health.Headers.TryAddWithoutValidation("Bunsan-Peer-Port", value);
        }
        return PeerAddress.FromHealth(Endpoint, health.Headers);
    }

    [Fact]
    public void FromHealth_Port_IsOnTheEndpointsHost()
    {
        Assert.Equal(new Uri("http://10.0.0.7:7201/"), From("7201"));
    }

    [Fact]
    public void FromHealth_NoHeader_IsNull()
    {
        Assert.Null(From());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("-1")]
    [InlineData("+7201")]
    [InlineData(" 7201")]
    [InlineData("7201.0")]
    [InlineData("0x1C21")]
    [InlineData("evil.example:80")]
    [InlineData("99999999999999999999")]
    [InlineData("")]
    public void FromHealth_HostilePort_IsNull(string value)
    {
        Assert.Null(From(value));
    }

    [Fact]
    public void FromHealth_NeverLeavesTheEndpointsHost()
    {
        Uri? address = From("7201", "evil.example");

        Assert.Equal("10.0.0.7", address?.Host);
    }
}
