using System.Text.Json;
using Bunsan.ControlPlane.Security;

namespace Bunsan.Cli.Tests.Control;

public sealed class CaCommandTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("bunsan-cli-ca-");

    [Fact]
    public void Init_CreatesTheCa_AndPrintsItsFingerprint()
    {
        (int exit, string output, string error) = CliRunner.Run("ca", "init", "--data", _data.FullName, "--json");

        Assert.True(exit == 0, error);
        using JsonDocument printed = JsonDocument.Parse(output);
        using FederationCa ca = FederationCa.Load(_data.FullName, out string? problem)!;
        Assert.Null(problem);
        Assert.Equal(ca.Fingerprint, printed.RootElement.GetProperty("fingerprint").GetString());
    }

    [Fact]
    public void Init_Twice_RefusedWithExit2AndTheCaKept()
    {
        Assert.Equal(0, CliRunner.Run("ca", "init", "--data", _data.FullName).ExitCode);
        string before = File.ReadAllText(Path.Combine(FederationCa.DirectoryOf(_data.FullName), FederationCa.KeyFile));

        (int exit, _, string error) = CliRunner.Run("ca", "init", "--data", _data.FullName);

        Assert.Equal(2, exit);
        Assert.Contains("--data", error, StringComparison.Ordinal);
        Assert.Contains("already holds a CA", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Path.Combine(FederationCa.DirectoryOf(_data.FullName), FederationCa.KeyFile)));
    }

    public void Dispose() => _data.Delete(recursive: true);
}
