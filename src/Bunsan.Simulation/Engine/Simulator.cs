using Bunsan.Core.Functions;
using Bunsan.Core.Sites;
using Bunsan.Placement.Admission;
using Bunsan.Placement.Routing;
using Bunsan.Simulation.Strategies;

namespace Bunsan.Simulation.Engine;

/// <summary>
/// Runs one strategy over a scenario's arrivals as a discrete-event simulation. The gateway sits at
/// the request's origin; a message takes RTT/2 each way (RTT from the scenario's latency model, no
/// jitter); sites are multi-server queues (<see cref="SiteQueues"/>: FIFO, with headroom for tight requests
/// under admission). The gateway routes with the strategy's <see cref="IRoutingPolicy"/> against <see cref="SiteLoadEstimates"/> it updates from
/// responses when they arrive (one estimate table shared by all gateways, as if they shared feedback);
/// with admission, executors use <see cref="AdmissionControl"/> and a rejection travels back before the
/// gateway tries its next candidate while budget remains. Nothing allocates per request.
/// </summary>
public sealed partial class Simulator
{
    private readonly SimulationScenario _scenario;
    private readonly StrategyPlan _plan;
    private readonly EventQueue _events = new();
    private readonly RequestSlots _slots = new();
    private readonly SiteQueues _sites;
    private readonly SiteLoadEstimates _estimates;
    private readonly ClassTally[] _tallies;
    private readonly Site[] _siteList;
    private readonly double[] _functionCores;
    private readonly double[] _functionBudget;
    private readonly double[] _sourceMeanExec;
    private RouterRandom _random;
    private double _computeJoules;
    private double _networkJoules;
    private double _networkByteKm;

    public Simulator(SimulationScenario scenario, StrategyPlan plan)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(plan);
        _scenario = scenario;
        _plan = plan;
        _siteList = [.. scenario.Topology.Sites];
        double[] cores = [.. _siteList.Select(s => s.Health == SiteHealth.Healthy ? (double)s.Capacity.Cores : 0)];
        // Deadline-aware sites keep cores for tight requests, as the agents do; the baselines queue FIFO.
        _sites = new SiteQueues(cores, keepHeadroom: plan.UsesAdmission);
        _estimates = new SiteLoadEstimates(_siteList.Length);
        _tallies = [.. scenario.ClassBudgetsMs.Select(b => new ClassTally(b))];
        _functionCores = [.. scenario.Functions.Select(f => f.Resources.Cores)];
        _functionBudget = [.. scenario.Functions.Select(f => f.Class.BudgetMs)];
        _sourceMeanExec = [.. scenario.SourceExecution.Select(d => d.MeanMs)];
        // The routing randomness differs per strategy name but is fixed per seed.
        _random = new RouterRandom((ulong)scenario.Seed ^ (ulong)StableHash(plan.Name));
    }

    /// <summary>Runs every arrival to its end; <paramref name="progress"/> gets the fraction done about every million requests.</summary>
    public StrategyOutcome Run(Action<double>? progress = null)
    {
        var arrivals = _scenario.Arrivals;
        int next = 0;
        while (next < arrivals.Length || _events.Count > 0)
        {
            if (next < arrivals.Length && (_events.Count == 0 || arrivals[next].TimeMs <= _events.PeekTime))
            {
                OnArrival(next, arrivals[next].TimeMs, arrivals[next].SourceIndex);
                next++;
                if (progress is not null && (next & 0xFFFFF) == 0)
                {
                    progress((double)next / arrivals.Length);
                }
                continue;
            }
            SimEvent e = _events.Pop();
            switch (e.Kind)
            {
                case SimEventKind.ArriveAtSite:
                    OnArriveAtSite(e.Slot, e.TimeMs);
                    break;
                case SimEventKind.Complete:
                    OnComplete(e.Slot, e.TimeMs);
                    break;
                case SimEventKind.RejectionAtGateway:
                    OnRejectionAtGateway(e.Slot, e.TimeMs);
                    break;
                default:
                    OnResponse(e.Slot, e.TimeMs);
                    break;
            }
        }
        return Summarise();
    }

    private void OnArrival(int index, double now, int source)
    {
        int function = _scenario.SourceFunction[source];
        (int origin, double exec) = _scenario.Draw(index, source);
        ClassTally tally = _tallies[_scenario.FunctionClass[function]];
        tally.Requests++;
        if (_scenario.IsInfeasible(function, origin, exec))
        {
            tally.Infeasible++;
        }

        int slot = _slots.Rent();
        _slots.Request[slot] = index;
        _slots.Source[slot] = source;
        _slots.Origin[slot] = origin;
        _slots.StartMs[slot] = now;
        _slots.DeadlineMs[slot] = now + _functionBudget[function];
        _slots.ExecMs[slot] = exec;
        _slots.NextCandidate[slot] = 0;

        RoutingTable table = _plan.Tables[function];
        int count = 0;
        if (table.ReplicaSites.Length > 0)
        {
            var query = new RoutingQuery(table, _scenario.OriginCell[origin], _functionBudget[function], _sourceMeanExec[source], _estimates);
            count = _plan.Policy.Route(query, ref _random, _slots.Candidates.AsSpan(slot * RequestSlots.MaxCandidates, RequestSlots.MaxCandidates));
        }
        _slots.CandidateCount[slot] = (byte)count;
        if (count == 0)
        {
            Reject(slot);
            return;
        }
        Dispatch(slot, now, _slots.Candidates[slot * RequestSlots.MaxCandidates]);
        _slots.NextCandidate[slot] = 1;
    }

    private void Dispatch(int slot, double now, int site)
    {
        var origin = _scenario.Origins.Location(_slots.Origin[slot]);
        var location = _scenario.SiteLocations[site];
        double oneWay = _scenario.Latency.RttMs(origin, location) / 2;
        double km = origin.DistanceKmTo(location);
        _slots.Site[slot] = site;
        _slots.OneWayMs[slot] = oneWay;
        _slots.DistanceKm[slot] = km;
        _estimates.RequestSent(site);
        CountMessage(km);
        _events.Push(now + oneWay, slot, SimEventKind.ArriveAtSite);
    }

    private void OnArriveAtSite(int slot, double now)
    {
        int site = _slots.Site[slot];
        int source = _slots.Source[slot];
        double cores = _functionCores[_scenario.SourceFunction[source]];
        double expected = _sourceMeanExec[source];
        double remaining = _slots.DeadlineMs[slot] - now - _slots.OneWayMs[slot];
        bool tight = _sites.IsTight(site, cores, remaining);
        if (_plan.UsesAdmission || cores > _sites.TotalCores(site))
        {
            AdmissionVerdict verdict = AdmissionControl.Decide(_sites.State(site, tight), cores, expected, _plan.UsesAdmission ? remaining : double.PositiveInfinity);
            if (!verdict.Admitted)
            {
                _slots.QueueWaitMs[slot] = verdict.PredictedQueueWaitMs;
                CountMessage(_slots.DistanceKm[slot]);
                _events.Push(now + _slots.OneWayMs[slot], slot, SimEventKind.RejectionAtGateway);
                return;
            }
        }
        if (_sites.CanStart(site, cores, tight))
        {
            Start(slot, site, now, cores, expected, queueWaitMs: 0);
        }
        else
        {
            _slots.EnqueuedMs[slot] = now;
            _sites.Enqueue(site, slot, cores * expected, tight, _slots.NextInQueue);
        }
    }

    private void Start(int slot, int site, double now, double cores, double expected, double queueWaitMs)
    {
        _slots.QueueWaitMs[slot] = queueWaitMs;
        _sites.Start(site, cores, expected);
        _events.Push(now + _slots.ExecMs[slot], slot, SimEventKind.Complete);
    }

    private void OnComplete(int slot, double now)
    {
        int site = _slots.Site[slot];
        int source = _slots.Source[slot];
        double cores = _functionCores[_scenario.SourceFunction[source]];
        _sites.Finish(site, cores, _sourceMeanExec[source]);
        _computeJoules += _scenario.Energy.ComputeJoules(_siteList[site], _slots.ExecMs[slot], cores);
        CountMessage(_slots.DistanceKm[slot]);
        _events.Push(now + _slots.OneWayMs[slot], slot, SimEventKind.ResponseAtGateway);

        while (true)
        {
            (int head, bool tight) = _sites.Head(site);
            if (head < 0)
            {
                break;
            }
            int headSource = _slots.Source[head];
            double headCores = _functionCores[_scenario.SourceFunction[headSource]];
            double headExpected = _sourceMeanExec[headSource];
            // A tight head that does not fit holds back the loose queue too, as in the agent's CorePool.
            if (!_sites.HeadFits(site, headCores, tight))
            {
                break;
            }
            _sites.Dequeue(site, tight, headCores * headExpected, _slots.NextInQueue);
            Start(head, site, now, headCores, headExpected, now - _slots.EnqueuedMs[head]);
        }
    }

    private void OnResponse(int slot, double now)
    {
        int site = _slots.Site[slot];
        int source = _slots.Source[slot];
        _estimates.RequestAnswered(site);
        _estimates.ObserveResponse(site, _slots.QueueWaitMs[slot], _slots.ExecMs[slot], _sourceMeanExec[source]);
        int function = _scenario.SourceFunction[source];
        bool infeasible = _scenario.IsInfeasible(function, _slots.Origin[slot], _slots.ExecMs[slot]);
        _tallies[_scenario.FunctionClass[function]].Answer(now - _slots.StartMs[slot], infeasible);
        _slots.Return(slot);
    }

    private void OnRejectionAtGateway(int slot, double now)
    {
        int site = _slots.Site[slot];
        int source = _slots.Source[slot];
        _estimates.RequestAnswered(site);
        _estimates.ObserveRejection(site, _slots.QueueWaitMs[slot]);
        var origin = _scenario.Origins.Location(_slots.Origin[slot]);
        int count = _slots.CandidateCount[slot];
        int baseIndex = slot * RequestSlots.MaxCandidates;
        // Try the next candidate only while the budget still covers its round trip and the expected execution.
        while (_slots.NextCandidate[slot] < count)
        {
            int candidate = _slots.Candidates[baseIndex + _slots.NextCandidate[slot]++];
            double rtt = _scenario.Latency.RttMs(origin, _scenario.SiteLocations[candidate]);
            if (now + rtt + _sourceMeanExec[source] <= _slots.DeadlineMs[slot])
            {
                Dispatch(slot, now, candidate);
                return;
            }
        }
        Reject(slot);
    }

    private void Reject(int slot)
    {
        int function = _scenario.SourceFunction[_slots.Source[slot]];
        ClassTally tally = _tallies[_scenario.FunctionClass[function]];
        tally.Rejected++;
        if (!_scenario.IsInfeasible(function, _slots.Origin[slot], _slots.ExecMs[slot]))
        {
            tally.RejectedFeasible++;
        }
        _slots.Return(slot);
    }

    private void CountMessage(double km)
    {
        double bytes = _scenario.Options.PayloadBytes;
        _networkByteKm += bytes * km;
        _networkJoules += _scenario.Energy.NetworkJoules(bytes, km);
    }

    private static int StableHash(string text)
    {
        unchecked
        {
            int h = (int)2166136261;
            foreach (char c in text)
            {
                h = (h ^ c) * 16777619;
            }
            return h;
        }
    }
}
