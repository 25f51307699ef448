using Bunsan.Tests;

namespace Bunsan.Agent.Tests;

/// <summary>The ingress each heartbeat reports: requests per second per function, smoothed, read on a test's clock.</summary>
public sealed class IngressMeterTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void FirstRead_IsTheRateSinceTheStart()
    {
        var meter = new IngressMeter(_clock);
        Count(meter, "f", 30);
        Count(meter, "g", 3);

        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal([("f", 15.0), ("g", 1.5)], meter.Read().OrderBy(r => r.Function));
    }

    [Fact]
    public void LaterReads_AreSmoothed_HalfWayAfterOneHalfLife()
    {
        var meter = new IngressMeter(_clock);
        Count(meter, "f", 10);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(10, meter.Read().Single().Rps);

        // Silence for one half-life: the reported rate halves rather than dropping to zero at once.
        _clock.Advance(IngressMeter.HalfLife);
        Assert.Equal(5, meter.Read().Single().Rps, 9);

        Count(meter, "f", 30 * (int)IngressMeter.HalfLife.TotalSeconds);
        _clock.Advance(IngressMeter.HalfLife);
        Assert.Equal(17.5, meter.Read().Single().Rps, 9);
    }

    [Fact]
    public void AFunctionNobodyCalls_FadesOutOfTheReport()
    {
        var meter = new IngressMeter(_clock);
        Count(meter, "f", 1);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(meter.Read());

        _clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Empty(meter.Read());
    }

    [Fact]
    public void AClockSteppedBack_MeasuresNothing_AndKeepsTheCounts()
    {
        var meter = new IngressMeter(_clock);
        _clock.Advance(TimeSpan.FromSeconds(-5));
        Count(meter, "f", 4);
        Assert.Empty(meter.Read());

        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(2, meter.Read().Single().Rps);
    }

    private static void Count(IngressMeter meter, string function, int times)
    {
        for (int i = 0; i < times; i++)
        {
            meter.Count(function);
        }
    }
}
