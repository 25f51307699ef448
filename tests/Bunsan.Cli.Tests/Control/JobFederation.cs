using Bunsan.Agent;
using Bunsan.Agent.Control;
using Bunsan.ControlPlane;
using Bunsan.ControlPlane.Jobs;
using Bunsan.Core.Geo;
using Bunsan.Tests;

namespace Bunsan.Cli.Tests.Control;

/// <summary>
/// A real control plane and real agents in this process for the job verbs. Sites go down 2 s after their last
/// heartbeat (agents beat every 250 ms), so a test can let one die mid-job without waiting the default 10 s.
/// The control plane can be stopped and started again over the same data directory.
/// </summary>
internal sealed class JobFederation() : LiveFederation("bunsan-cli-jobs-")
{
    /// <summary>`--control URL --token T` for the running server.</summary>
    public string[] Connection => ["--control", Server!.ApiUri.ToString(), "--token", AdminToken];

    public Task StartControlPlaneAsync() => StartControlPlaneAsync(TimeSpan.FromSeconds(2));

    /// <summary>Starts an agent for a site and waits until the control plane sees it healthy.</summary>
    public Task<ControlledAgent> StartAgentAsync(string id, GeoPoint location, HeldExecution? held = null)
    {
        int port = LoopbackPorts.Free();
        return StartAgentAsync(id, id, location, port, new Uri($"http://127.0.0.1:{port}"), TimeSpan.FromMilliseconds(250),
            held is null ? null : new ExecutionEmulation(held));
    }

    public async Task<JobRecord> JobAsync(string id) => (await Server!.Grains.Job(id).GetJob())!;
}

/// <summary>
/// Emulated execution that holds every invocation while armed, until released: a site that is busy with a job for
/// exactly as long as the test wants. Unarmed it adds nothing (the agents' warm-up invocations pass straight through).
/// </summary>
internal sealed class HeldExecution : ILinkDelay
{
    private TaskCompletionSource? _gate;
    private int _entered;

    public bool Emulated => true;

    /// <summary>Invocations that reached the armed gate: a test kills a site only once its job is really held there.</summary>
    public int Entered => Volatile.Read(ref _entered);

    public void Arm() => Volatile.Write(ref _gate, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public void Release() => Interlocked.Exchange(ref _gate, null)?.TrySetResult();

    public async ValueTask DelayAsync(TimeSpan oneWay, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _gate) is { } gate)
        {
            Interlocked.Increment(ref _entered);
            await gate.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
