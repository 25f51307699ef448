using Bunsan.Tests;

namespace Bunsan.Agent.Tests;

/// <summary>Passive failure detection: a peer whose forward failed is tried last for a while, never dropped.</summary>
public sealed class SuspectSitesTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void AFailedSite_IsTriedLast_UntilItsWindowEnds()
    {
        var suspects = new SuspectSites(4, _clock);
        suspects.Failed(1);
        int[] candidates = [1, 2, 0, 3];

        suspects.Demote(candidates);

        Assert.Equal([2, 0, 3, 1], candidates);
        _clock.Advance(SuspectSites.FirstWindow);
        Assert.False(suspects.IsSuspect(1));
    }

    [Fact]
    public void OnlySuspectsLeft_AreStillTried()
    {
        var suspects = new SuspectSites(3, _clock);
        suspects.Failed(0);
        suspects.Failed(2);
        int[] candidates = [2, 0];

        suspects.Demote(candidates);

        Assert.Equal([2, 0], candidates);
    }

    [Fact]
    public void RepeatedFailures_DoubleTheWindow_UpToTheMaximum_AndAnAnswerClearsIt()
    {
        var suspects = new SuspectSites(1, _clock);
        for (int i = 0; i < 10; i++)
        {
            suspects.Failed(0);
        }
        _clock.Advance(SuspectSites.MaxWindow - TimeSpan.FromMilliseconds(1));
        Assert.True(suspects.IsSuspect(0));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(suspects.IsSuspect(0));

        suspects.Failed(0);
        suspects.Answered(0);
        Assert.False(suspects.IsSuspect(0));
        suspects.Failed(0);
        _clock.Advance(SuspectSites.FirstWindow);
        Assert.False(suspects.IsSuspect(0));
    }
}
