namespace Bunsan.Simulation.Engine;

/// <summary>Counts for one latency class under one strategy, and the latencies of answered requests.</summary>
internal sealed class ClassTally(double budgetMs)
{
    private float[] _latencies = new float[1024];

    public double BudgetMs { get; } = budgetMs;

    public long Requests;
    public long Infeasible;
    public long Hits;
    public long FeasibleHits;
    public long Late;
    public long Rejected;

    /// <summary>Rejected requests some site could have answered in time: what admission and routing gave up too early.</summary>
    public long RejectedFeasible;

    public int Answered { get; private set; }

    public void Answer(double latencyMs, bool infeasible)
    {
        if (latencyMs <= BudgetMs)
        {
            Hits++;
            if (!infeasible)
            {
                FeasibleHits++;
            }
        }
        else
        {
            Late++;
        }
        if (Answered == _latencies.Length)
        {
            Array.Resize(ref _latencies, _latencies.Length * 2);
        }
        _latencies[Answered++] = (float)latencyMs;
    }

    /// <summary>The answered requests' latencies, sorted ascending.</summary>
    public float[] SortedLatencies()
    {
        float[] sorted = _latencies.AsSpan(0, Answered).ToArray();
        Array.Sort(sorted);
        return sorted;
    }
}
