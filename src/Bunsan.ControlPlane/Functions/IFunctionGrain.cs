using Bunsan.Core.Functions;

namespace Bunsan.ControlPlane.Functions;

/// <summary>One deployable function, keyed by its name (see <see cref="ControlPlaneGrains.Function"/>).</summary>
[Alias("bunsan.IFunctionGrain")]
public interface IFunctionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Deploys the function, or replaces its deployment. <paramref name="moduleDigest"/> names the
    /// uploaded module ("sha256:" + 64 lowercase hex digits); the spec's own digest must be empty or
    /// the same. Durable when it returns. Rejected (nothing stored) when the spec breaks a catalog rule
    /// or its name is not this grain's key.
    /// </summary>
    [Alias("deploy")]
    Task<ChangeResult> Deploy(FunctionSpec spec, string moduleDigest);

    /// <summary>The deployment, or null when not deployed.</summary>
    [Alias("get")]
    Task<FunctionDeployment?> GetDeployment();

    /// <summary>Removes the deployment; false when there was none.</summary>
    [Alias("remove")]
    Task<bool> Remove();
}
