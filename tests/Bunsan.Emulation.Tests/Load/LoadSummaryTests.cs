using Bunsan.Emulation.Load;

namespace Bunsan.Emulation.Tests.Load;

/// <summary>Report arithmetic on hand-made outcomes: class counts, hits at the budget, percentiles, sites, errors.</summary>
public sealed class LoadSummaryTests
{
    private static readonly string[] Classes = ["realtime", "batch"];
    private static readonly double[] Budgets = [10, double.PositiveInfinity];

    private static RequestOutcome Answer(double ms, string site) => new(RequestOutcomeKind.Answered, ms, site);

    [Fact]
    public void Tally_MixedOutcomes_CountsEachKindPerClass()
    {
        RequestOutcome[] outcomes = [
            Answer(4, "a"), Answer(10, "b"), Answer(10.001, "a"),
            new(RequestOutcomeKind.Rejected, 2, "a"),
            new(RequestOutcomeKind.Failed, Error: "connection"),
            new(RequestOutcomeKind.Expired),
            new(RequestOutcomeKind.ClientOverloaded),
            Answer(5000, "b"),
        ];
        int[] requestClass = [0, 0, 0, 0, 0, 0, 0, 1];

        var (classes, _, _) = LoadSummary.Tally(Classes, Budgets, requestClass, outcomes);

        LoadClassResult realtime = classes[0];
        Assert.Equal((7L, 2L, 1L, 1L, 1L, 1L, 1L), (realtime.Requests, realtime.Hits, realtime.Late, realtime.Rejected, realtime.Errors, realtime.Expired, realtime.ClientOverloaded));
        Assert.Equal(28.571, realtime.HitPct);
        Assert.Equal(14.286, realtime.RejectedPct);
        Assert.Equal(10, realtime.DeadlineMs);
        LoadClassResult batch = classes[1];
        Assert.Equal((1L, 1L, 0L, 100.0), (batch.Requests, batch.Hits, batch.Late, batch.HitPct));
        Assert.Null(batch.DeadlineMs);
    }

    [Fact]
    public void Tally_InfeasibleRequests_AreLeftOutOfTheFeasibleHitShareOnly()
    {
        // Four realtime requests: a hit, a miss, and two no site could have made — one of them answered in time anyway.
        RequestOutcome[] outcomes = [Answer(4, "a"), Answer(12, "a"), Answer(9, "a"), new(RequestOutcomeKind.Rejected, 1, "a")];
        bool[] infeasible = [false, false, true, true];

        var (classes, _, _) = LoadSummary.Tally(Classes, Budgets, [0, 0, 0, 0], outcomes, infeasible);

        LoadClassResult realtime = classes[0];
        Assert.Equal((4L, 2L, 2L), (realtime.Requests, realtime.Infeasible, realtime.Hits));
        Assert.Equal(50, realtime.HitPct);
        Assert.Equal(50, realtime.HitFeasiblePct);
        Assert.Equal(0, classes[1].Infeasible);
    }

    [Fact]
    public void Tally_HundredAnswers_NearestRankPercentilesOfAnswersOnly()
    {
        var outcomes = Enumerable.Range(1, 100).Select(ms => Answer(ms, "a")).Reverse()
            .Append(new RequestOutcome(RequestOutcomeKind.Rejected, 1_000_000, "a")).ToArray();
        int[] requestClass = [.. outcomes.Select(_ => 1)];

        var (classes, _, _) = LoadSummary.Tally(Classes, Budgets, requestClass, outcomes);

        Assert.Equal((50.0, 95.0, 99.0), (classes[1].P50Ms!.Value, classes[1].P95Ms!.Value, classes[1].P99Ms!.Value));
        Assert.Null(classes[0].P50Ms);
        Assert.Equal(0, classes[0].HitPct);
    }

    [Fact]
    public void Tally_AnswersBySite_ServedAndHitsPerSiteSortedByName_ErrorsGrouped()
    {
        RequestOutcome[] outcomes = [
            Answer(3, "osaka"), Answer(30, "osaka"), Answer(3, "fukuoka"), new(RequestOutcomeKind.Answered, 3, Site: null),
            new(RequestOutcomeKind.Rejected, 1, "tokyo"),
            new(RequestOutcomeKind.Failed, Error: "http_404"), new(RequestOutcomeKind.Failed, Error: "timeout"), new(RequestOutcomeKind.Failed, Error: "http_404"),
        ];

        var (_, sites, errors) = LoadSummary.Tally(Classes, Budgets, [.. outcomes.Select(_ => 0)], outcomes);

        Assert.Equal([new LoadSiteResult(LoadSummary.NoSite, 1, 1), new LoadSiteResult("fukuoka", 1, 1), new LoadSiteResult("osaka", 2, 1)], sites);
        Assert.Equal([new LoadErrorCount("http_404", 2), new LoadErrorCount("timeout", 1)], errors);
    }
}
