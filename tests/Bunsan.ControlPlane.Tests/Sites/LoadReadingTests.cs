using System.Collections.Immutable;
using Bunsan.ControlPlane.Sites;

namespace Bunsan.ControlPlane.Tests.Sites;

/// <summary>A heartbeat's figures held as values: the same load back out, and an unchanged ingress list kept, not replaced.</summary>
public sealed class LoadReadingTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 8, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ToLoad_GivesBackTheHeartbeatsFigures()
    {
        var load = new SiteLoad(0.5, 3.25, At, [new FunctionIngress("echo", 12.5)]);

        SiteLoad back = LoadReading.Of(load, previous: null).ToLoad();

        Assert.Equal((0.5, 3.25, At), (back.Utilisation, back.QueueMs, back.MeasuredAt));
        Assert.Equal([new FunctionIngress("echo", 12.5)], back.IngressOrEmpty);
    }

    [Fact]
    public void Of_SameRatesAsBefore_KeepsThePreviousList_OtherRatesTakeTheNewOne()
    {
        LoadReading first = LoadReading.Of(new SiteLoad(0.5, 0, At, [new FunctionIngress("echo", 12.5)]), null);

        LoadReading same = LoadReading.Of(new SiteLoad(0.6, 0, At, [new FunctionIngress("echo", 12.5)]), first);
        LoadReading moved = LoadReading.Of(new SiteLoad(0.6, 0, At, [new FunctionIngress("echo", 13)]), first);
        LoadReading more = LoadReading.Of(new SiteLoad(0.6, 0, At, [new FunctionIngress("echo", 12.5), new FunctionIngress("sum", 1)]), first);

        Assert.True(ImmutableArray<FunctionIngress>.Empty != first.Ingress);
        Assert.True(same.Ingress == first.Ingress, "an equal list should be the previous instance");
        Assert.Equal(0.6, same.Utilisation);
        Assert.False(moved.Ingress == first.Ingress);
        Assert.Equal(13, moved.Ingress.Single().Rps);
        Assert.Equal(2, more.Ingress.Length);
    }

    [Fact]
    public void Of_NoIngressReported_StaysNone_AndAnEmptyListIsNotMistakenForIt()
    {
        LoadReading none = LoadReading.Of(new SiteLoad(0.1, 0, At), null);
        LoadReading empty = LoadReading.Of(new SiteLoad(0.1, 0, At, []), none);

        Assert.True(LoadReading.Of(new SiteLoad(0.2, 0, At), none).Ingress.IsDefault);
        Assert.False(empty.Ingress.IsDefault);
        Assert.Empty(empty.ToLoad().IngressOrEmpty);
    }
}
