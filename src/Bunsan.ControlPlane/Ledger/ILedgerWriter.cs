using System.Text.Json.Nodes;

namespace Bunsan.ControlPlane.Ledger;

/// <summary>
/// Where grains and endpoints record what happened (issue 6). A silo-only host (grain tests, the test cluster) has
/// no ledger, so <see cref="Hosting.ControlPlaneSiloExtensions.AddBunsanControlPlane"/> registers
/// <see cref="NoLedgerWriter"/> unless a host registered a real writer (<see cref="ControlPlaneLedger"/>) first.
/// </summary>
public interface ILedgerWriter
{
    /// <summary>Appends one entry of <paramref name="kind"/> (see <c>LedgerEntryKinds</c>); completes once it is durable.</summary>
    Task RecordAsync(string kind, JsonObject facts);
}

/// <summary>The writer of a control plane without a ledger: records nothing.</summary>
public sealed class NoLedgerWriter : ILedgerWriter
{
    public Task RecordAsync(string kind, JsonObject facts) => Task.CompletedTask;
}
