using Bunsan.ControlPlane.Sites;
using Bunsan.Core.Sites;

namespace Bunsan.ControlPlane.Tests.Sites;

public sealed class SiteHealthOptionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, SiteHealth.Down)]
    [InlineData(0.0, SiteHealth.Healthy)]
    [InlineData(3.0, SiteHealth.Healthy)]
    [InlineData(3.001, SiteHealth.Degraded)]
    [InlineData(10.0, SiteHealth.Degraded)]
    [InlineData(10.001, SiteHealth.Down)]
    public void Assess_HeartbeatAge_MapsToHealthAtTheDefaultThresholds(double? ageSeconds, SiteHealth expected)
    {
        DateTimeOffset? last = ageSeconds is { } age ? Now - TimeSpan.FromSeconds(age) : null;

        Assert.Equal(expected, new SiteHealthOptions().Assess(last, Now));
    }

    [Fact]
    public void Assess_StreamLostAfterTheLastHeartbeat_IsDegradedAtOnce_ThenDownAsUsual()
    {
        var options = new SiteHealthOptions();
        DateTimeOffset beat = Now - TimeSpan.FromMilliseconds(400);

        Assert.Equal(SiteHealth.Degraded, options.Assess(beat, Now, disconnectedAt: Now - TimeSpan.FromMilliseconds(100)));
        Assert.Equal(SiteHealth.Down, options.Assess(Now - TimeSpan.FromSeconds(11), Now, disconnectedAt: Now - TimeSpan.FromSeconds(10.5)));
        // A heartbeat after the loss (the agent reconnected) makes it healthy again.
        Assert.Equal(SiteHealth.Healthy, options.Assess(beat, Now, disconnectedAt: beat - TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public void Validate_Defaults_AreValid() => Assert.Empty(new SiteHealthOptions().Validate());
}
