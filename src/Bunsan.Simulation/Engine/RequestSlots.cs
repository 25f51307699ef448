namespace Bunsan.Simulation.Engine;

/// <summary>
/// State of the requests in flight, in flat arrays indexed by slot; a slot is reused once its request
/// is answered or rejected, so memory follows concurrency (thousands), not the run's length (millions).
/// </summary>
internal sealed class RequestSlots
{
    /// <summary>Candidate sites kept per request: the first choice and up to three fallbacks.</summary>
    public const int MaxCandidates = 4;

    private int[] _free = new int[256];
    private int _freeCount;

    public int Capacity { get; private set; }

    public long[] Request = [];
    public int[] Source = [];
    public int[] Origin = [];
    public double[] StartMs = [];
    public double[] DeadlineMs = [];
    public double[] ExecMs = [];
    public double[] EnqueuedMs = [];
    public double[] QueueWaitMs = [];
    public int[] Site = [];
    public double[] OneWayMs = [];
    public double[] DistanceKm = [];
    public int[] Candidates = [];
    public byte[] CandidateCount = [];
    public byte[] NextCandidate = [];
    public int[] NextInQueue = [];

    public int Rent()
    {
        if (_freeCount == 0)
        {
            Grow();
        }
        return _free[--_freeCount];
    }

    public void Return(int slot) => _free[_freeCount++] = slot;

    private void Grow()
    {
        int old = Capacity;
        int size = Math.Max(1024, old * 2);
        Array.Resize(ref Request, size);
        Array.Resize(ref Source, size);
        Array.Resize(ref Origin, size);
        Array.Resize(ref StartMs, size);
        Array.Resize(ref DeadlineMs, size);
        Array.Resize(ref ExecMs, size);
        Array.Resize(ref EnqueuedMs, size);
        Array.Resize(ref QueueWaitMs, size);
        Array.Resize(ref Site, size);
        Array.Resize(ref OneWayMs, size);
        Array.Resize(ref DistanceKm, size);
        Array.Resize(ref Candidates, size * MaxCandidates);
        Array.Resize(ref CandidateCount, size);
        Array.Resize(ref NextCandidate, size);
        Array.Resize(ref NextInQueue, size);
        Array.Resize(ref _free, size);
        for (int s = size - 1; s >= old; s--)
        {
            _free[_freeCount++] = s;
        }
        Capacity = size;
    }
}
