using System.CommandLine;
using Bunsan.ControlPlane.Security;

namespace Bunsan.Cli.Commands.Control;

/// <summary>`bunsan ca init`: the federation's certificate authority, for mutual TLS between agents and the control plane.</summary>
public static class CaCommand
{
    public static Command Create(CliContext context)
    {
        var ca = new Command("ca", "The federation's certificate authority (mutual TLS in production mode)") { Init(context) };
        return ca;
    }

    private static Command Init(CliContext context)
    {
        var data = new Option<string?>("--data") { Description = "Data directory of the control plane (default: $BUNSAN_DATA or ~/.bunsan): the CA goes to DATA/ca/" };
        var command = new Command("init",
            "Creates the federation's CA: an ECDSA P-256 key (DATA/ca/ca.key, mode 0600) and its self-signed certificate " +
            "(DATA/ca/ca.crt), valid 10 years. Prints its fingerprint (SHA-256 of the certificate), to check it out of band. Never replaces a CA.\n\n" +
            "Example:\n  bunsan ca init --data /var/lib/bunsan")
        {
            data,
        };
        command.SetAction(parseResult => context.Run(() =>
        {
            string directory = parseResult.GetValue(data) ?? ControlConnection.DefaultDataDirectory;
            using FederationCa created = FederationCa.Create(directory, DateTimeOffset.UtcNow, out string? problem)
                ?? throw new BadInputException("--data", problem!);
            string folder = FederationCa.DirectoryOf(directory);
            if (parseResult.GetValue(CliContext.JsonOption))
            {
                context.WriteJson(new { directory = folder, fingerprint = created.Fingerprint, not_after = created.Certificate.NotAfter.ToUniversalTime() });
            }
            else
            {
                context.Out.WriteLine($"federation CA created in {folder}");
                context.Out.WriteLine($"  certificate  {Path.Combine(folder, FederationCa.CertificateFile)}  (valid until {created.Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd})");
                context.Out.WriteLine($"  key          {Path.Combine(folder, FederationCa.KeyFile)}  (mode 0600: keep it on the control plane's machine)");
                context.Out.WriteLine($"  fingerprint  {created.Fingerprint}  (SHA-256 of the certificate, base64url)");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }
}
