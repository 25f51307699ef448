using Microsoft.AspNetCore.Http;

namespace Bunsan.Agent;

/// <summary>
/// The gateway requests go to now. A new plan from the control plane builds a whole new <see cref="Gateway"/> (its
/// federation, peers and estimates are indexed by the plan's sites) and swaps it in with one reference write:
/// requests in flight finish on the gateway they started on, new ones take the new one, nothing restarts.
/// </summary>
public sealed class LiveGateway(Gateway initial, long planVersion = 0)
{
    private State _state = new(initial, planVersion);

    public Gateway Current => Volatile.Read(ref _state).Gateway;

    /// <summary>The version of the control plane's plan being served (0: none yet, or no control plane).</summary>
    public long PlanVersion => Volatile.Read(ref _state).PlanVersion;

    public void Swap(Gateway gateway, long planVersion)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        Volatile.Write(ref _state, new State(gateway, planVersion));
    }

    public Task InvokeAsync(HttpContext http) => Current.InvokeAsync(http);

    private sealed record State(Gateway Gateway, long PlanVersion);
}
