namespace Bunsan.ControlPlane.Functions;

/// <summary>What a function grain stores.</summary>
[GenerateSerializer, Alias("bunsan.function-state")]
public sealed class FunctionState
{
    /// <summary>The deployment, or null when the function is not deployed.</summary>
    [Id(0)]
    public FunctionDeployment? Deployment { get; set; }
}
