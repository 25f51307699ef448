using System.Collections.Immutable;
using Bunsan.ControlPlane.Datasets;
using Bunsan.ControlPlane.Ledger;
using Bunsan.ControlPlane.Plans;
using Bunsan.ControlPlane.Sites;
using Bunsan.Core.Sites;
using Bunsan.Executor;
using Bunsan.Federation;
using Bunsan.Protocol;
using Bunsan.Protocol.V1;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Bunsan.ControlPlane.Agents;

/// <summary>
/// The gRPC service agents talk to (protos: src/Bunsan.Protocol/agent_control.proto). Registration and heartbeats
/// go to the site grains; Watch streams every new plan from the <see cref="PlanBroadcaster"/>. Bad input is
/// INVALID_ARGUMENT naming the field and the fix; an unknown site is NOT_FOUND.
/// </summary>
public sealed partial class AgentControlService(IGrainFactory grains, PlanBroadcaster broadcaster, ControlPlaneClock clock, ILedgerWriter ledger, ILogger<AgentControlService> logger)
    : AgentControl.AgentControlBase
{
    public override async Task<RegisterReply> Register(RegisterRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Site is null)
        {
            throw Invalid("site is missing: describe the site (id, name, location, tier, jurisdiction, capacity...)");
        }
        (Site? site, IReadOnlyList<string> errors) = SiteMessages.FromMessage(request.Site);
        if (site is null)
        {
            throw Invalid(string.Join("; ", errors));
        }
        AgentIdentity.Check(context, site.Id);
        if (request.DataSecret.Length > 0 && !DataSecrets.IsWellFormed(request.DataSecret))
        {
            throw Invalid("data_secret is not 43 to 128 base64url characters: send the secret from the agent's data.secret, or none");
        }
        var registration = new SiteRegistration(site.Name, site.Location, site.Tier, site.Jurisdiction, site.Domains, site.Capacity, site.Energy, site.Endpoint);
        Site? before = (await grains.Site(site.Id).GetStatus())?.Site;
        ChangeResult result = await grains.Site(site.Id).Register(registration);
        if (!result.Succeeded)
        {
            throw Invalid(string.Join("; ", result.Errors));
        }
        if (request.DataSecret.Length > 0)
        {
            await grains.SiteDataAccess(site.Id).Remember(request.DataSecret);
        }
        await ledger.SiteJoined(site, before);
        // No replan here: the placement loop takes the new site within one beat. Replanning per registration made
        // 10,000 joins quadratic (measured: 8 registrations/s by the end, bench control-plane-scale).
        return new RegisterReply { PlanVersion = broadcaster.Latest?.Version ?? 0 };
    }

    public override async Task<HeartbeatReply> Heartbeat(HeartbeatRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        AgentIdentity.Check(context, request.SiteId);
        ImmutableArray<Sites.FunctionIngress> ingress = request.Ingress.Count == 0 ? []
            : [.. request.Ingress.Select(entry => new Sites.FunctionIngress(entry.Function, entry.Rps))];
        ChangeResult result = await grains.Site(request.SiteId).Heartbeat(new SiteLoad(request.Utilisation, request.QueueMs, clock.UtcNow, ingress));
        if (!result.Succeeded)
        {
            bool unknown = result.Errors.Any(e => e.Contains("not registered", StringComparison.Ordinal));
            throw new RpcException(new Status(unknown ? StatusCode.NotFound : StatusCode.InvalidArgument, string.Join("; ", result.Errors)));
        }
        return new HeartbeatReply { PlanVersion = broadcaster.Latest?.Version ?? 0 };
    }

    public override async Task Watch(WatchRequest request, IServerStreamWriter<DesiredState> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        AgentIdentity.Check(context, request.SiteId);
        using PlanSubscription subscription = broadcaster.Subscribe();
        if (broadcaster.Latest is null)
        {
            await grains.Plan().Current();
        }
        LogWatching(request.SiteId, broadcaster.WatcherCount);
        ISiteGrain site = grains.Site(request.SiteId);
        await site.StreamOpened();
        try
        {
            await foreach (FederationPlan plan in subscription.Plans.ReadAllAsync(context.CancellationToken))
            {
                await responseStream.WriteAsync(ToMessage(plan), context.CancellationToken);
            }
        }
        finally
        {
            // The stream ends when the agent goes (a crash resets its socket at once) or the server stops.
            await Quietly(site.StreamClosed());
        }
    }

    /// <summary>A grain call that may fail while the silo shuts down: nothing to tell the gone agent.</summary>
    private static async Task Quietly(Task call)
    {
        try
        {
            await call;
        }
        catch (Exception e) when (e is OrleansException or ObjectDisposedException or OperationCanceledException or TimeoutException)
        {
            // The silo is stopping; the site's health falls back to its heartbeats' age.
        }
    }

    public override async Task<GetModuleReply> GetModule(GetModuleRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ModuleDigest.TryParse(request.Digest) is null)
        {
            throw Invalid($"digest '{request.Digest}' is not a module digest: use sha256: followed by 64 lowercase hex digits");
        }
        byte[] content = await grains.Module(request.Digest).Content()
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"no module {request.Digest} was uploaded"));
        return new GetModuleReply { Content = ByteString.CopyFrom(content) };
    }

    internal static DesiredState ToMessage(FederationPlan plan)
    {
        var message = new DesiredState { Version = plan.Version };
        message.Sites.AddRange(plan.Sites.Select(SiteMessages.ToMessage));
        message.Functions.AddRange(plan.Functions.Select(f => FunctionMessages.ToMessage(f.Spec, f.ReplicaSites)));
        return message;
    }

    private static RpcException Invalid(string reason) => new(new Status(StatusCode.InvalidArgument, reason));

    [LoggerMessage(EventId = ControlPlaneEventIds.AgentWatching, Level = LogLevel.Information, Message = "Site {SiteId} watches the plan ({Watchers} watching)")]
    private partial void LogWatching(string siteId, int watchers);
}
