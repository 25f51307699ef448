using System.Globalization;
using Bunsan.ControlPlane.Hosting;
using Bunsan.Tests;

namespace Bunsan.ControlPlane.Tests.Hosting;

/// <summary>The gen0 budget the control plane's process is started with: the launcher's value and the code's must agree.</summary>
public sealed class ControlPlaneRuntimeTests
{
    [Fact]
    public void Gen0Budget_Is64MiBInTheRuntimesHexNotation()
    {
        Assert.Equal("DOTNET_GCgen0size", ControlPlaneRuntime.Gen0Budget.Key);
        string value = ControlPlaneRuntime.Gen0Budget.Value;
        Assert.StartsWith("0x", value, StringComparison.Ordinal);
        Assert.Equal(64L << 20, long.Parse(value.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Launcher_SetsTheSameBudgetForUpOnly_UnlessTheOperatorSetOne()
    {
        string launcher = File.ReadAllText(Path.Combine(SharedData.RepoRoot, "bunsan"));

        Assert.Contains("if [ \"${1:-}\" = \"up\" ]; then", launcher, StringComparison.Ordinal);
        Assert.Contains($"export {ControlPlaneRuntime.Gen0Budget.Key}=\"${{{ControlPlaneRuntime.Gen0Budget.Key}:-{ControlPlaneRuntime.Gen0Budget.Value}}}\"", launcher, StringComparison.Ordinal);
    }
}
