using Bunsan.Core.Functions;

namespace Bunsan.ControlPlane.Functions;

/// <summary>A deployed function: its spec (with the module digest set) and when it was last deployed, on the control plane's clock.</summary>
[GenerateSerializer, Immutable, Alias("bunsan.function-deployment")]
public sealed record FunctionDeployment(
    [property: Id(0)] FunctionSpec Spec,
    [property: Id(1)] DateTimeOffset DeployedAt);
