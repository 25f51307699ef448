using System.Threading.Channels;

namespace Bunsan.ControlPlane.Plans;

/// <summary>
/// Hands each new plan to every agent watching on this silo. Each watcher gets its own channel that keeps
/// only the newest plan: a slow agent skips plans it has not read yet (each one supersedes the last)
/// instead of holding memory or slowing the others.
/// </summary>
/// <remarks>One silo holds the plan grain and every watch stream in the embedded control plane. With several
/// silos, a watcher on another silo than the plan grain needs a grain observer or stream between them (issue 5).</remarks>
public sealed class PlanBroadcaster
{
    private readonly Lock _lock = new();
    private readonly List<Channel<FederationPlan>> _watchers = [];
    private FederationPlan? _latest;

    public FederationPlan? Latest
    {
        get
        {
            lock (_lock)
            {
                return _latest;
            }
        }
    }

    public void Publish(FederationPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        lock (_lock)
        {
            if (_latest is not null && plan.Version <= _latest.Version)
            {
                return;
            }
            _latest = plan;
            foreach (Channel<FederationPlan> watcher in _watchers)
            {
                watcher.Writer.TryWrite(plan);
            }
        }
    }

    /// <summary>A reader that yields the latest plan at once (when there is one), then each newer plan.</summary>
    public PlanSubscription Subscribe()
    {
        var channel = Channel.CreateBounded<FederationPlan>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_lock)
        {
            if (_latest is not null)
            {
                channel.Writer.TryWrite(_latest);
            }
            _watchers.Add(channel);
        }
        return new PlanSubscription(channel.Reader, () =>
        {
            lock (_lock)
            {
                _watchers.Remove(channel);
            }
        });
    }

    public int WatcherCount
    {
        get
        {
            lock (_lock)
            {
                return _watchers.Count;
            }
        }
    }
}

/// <summary>One watcher's plans; dispose to stop receiving.</summary>
public sealed class PlanSubscription(ChannelReader<FederationPlan> plans, Action unsubscribe) : IDisposable
{
    public ChannelReader<FederationPlan> Plans { get; } = plans;

    public void Dispose() => unsubscribe();
}
