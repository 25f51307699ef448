using System.Globalization;
using Bunsan.ControlPlane.Hosting;
using Bunsan.Tests;

namespace Bunsan.ControlPlane.Tests.Hosting;

/// <summary>The runtime settings the control plane's process is started with: the launcher's values and the code's must agree.</summary>
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
    public void LoopsOptimised_TurnsQuickJitForLoopsOff()
    {
        Assert.Equal(new KeyValuePair<string, string>("DOTNET_TC_QuickJitForLoops", "0"), ControlPlaneRuntime.LoopsOptimised);
        Assert.Equal([ControlPlaneRuntime.Gen0Budget, ControlPlaneRuntime.LoopsOptimised], ControlPlaneRuntime.All);
    }

    [Fact]
    public void Launcher_SetsTheSameValuesForUpOnly_UnlessTheOperatorSetThem()
    {
        string launcher = File.ReadAllText(Path.Combine(SharedData.RepoRoot, "bunsan"));

        Assert.Contains("if [ \"${1:-}\" = \"up\" ]; then", launcher, StringComparison.Ordinal);
        Assert.All(ControlPlaneRuntime.All, setting =>
            Assert.Contains($"export {setting.Key}=\"${{{setting.Key}:-{setting.Value}}}\"", launcher, StringComparison.Ordinal));
    }
}
