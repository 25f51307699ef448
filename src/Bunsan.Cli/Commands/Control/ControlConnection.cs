using System.CommandLine;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Bunsan.ControlPlane.Security;
using Bunsan.Protocol.Trust;

namespace Bunsan.Cli.Commands.Control;

/// <summary>
/// `--control URL --token T` on every verb that talks to a control plane, with the defaults `bunsan up` leaves
/// behind: BUNSAN_CONTROL or http://127.0.0.1:7070, and BUNSAN_TOKEN or the admin.token in the data directory
/// (BUNSAN_DATA or ~/.bunsan).
/// </summary>
public static class ControlConnection
{
    public const string DefaultUrl = "http://127.0.0.1:7070";

    public static readonly Option<string?> ControlOption = new("--control")
    {
        Description = "The control plane's HTTP API (default: $BUNSAN_CONTROL or " + DefaultUrl + ")",
        Recursive = true,
    };

    public static readonly Option<string?> TokenOption = new("--token")
    {
        Description = "API token (default: $BUNSAN_TOKEN, else the admin.token that `bunsan up` wrote in its data directory)",
        Recursive = true,
    };

    /// <summary>The data directory `bunsan up` uses when not told otherwise.</summary>
    public static string DefaultDataDirectory =>
        Environment.GetEnvironmentVariable("BUNSAN_DATA") is { Length: > 0 } data
            ? data
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".bunsan");

    public static void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(ControlOption);
        command.Options.Add(TokenOption);
    }

    /// <summary>The control plane's base URL and token for this invocation, or bad input naming the option.</summary>
    public static (Uri Url, string Token) Resolve(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        string url = parseResult.GetValue(ControlOption) ?? Environment.GetEnvironmentVariable("BUNSAN_CONTROL") ?? DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? control) || control.Scheme is not ("http" or "https"))
        {
            throw new BadInputException("--control", $"'{url}' is not an http(s) URL: use e.g. {DefaultUrl}");
        }
        return (control, ReadToken(parseResult.GetValue(TokenOption), "admin.token", "start a control plane with `bunsan up`"));
    }

    /// <summary>
    /// The token given (--token), else $BUNSAN_TOKEN, else the token file `bunsan up` wrote in the data directory
    /// (admin.token for people, join.token for agents); bad input naming --token when there is none.
    /// </summary>
    public static string ReadToken(string? given, string fileName, string fix)
    {
        string? token = given ?? Environment.GetEnvironmentVariable("BUNSAN_TOKEN");
        if (string.IsNullOrWhiteSpace(token))
        {
            string file = Path.Combine(DefaultDataDirectory, fileName);
            token = File.Exists(file)
                ? File.ReadAllText(file)
                : throw new BadInputException("--token", $"no token given and no {file}: pass --token (or set BUNSAN_TOKEN), or {fix}");
        }
        return token.Trim();
    }

    /// <summary>The HTTP client every CLI verb talks to the control plane with (see <see cref="CreateHandler"/>).</summary>
    public static HttpClient CreateHttp(Uri control, string token, TimeSpan timeout)
    {
        var http = new HttpClient(CreateHandler(control, FederationTrust.ControlPlaneName)) { BaseAddress = control, Timeout = timeout };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>
    /// Over https, trusts a server with a certificate from the federation CA naming <paramref name="identity"/> (the
    /// control plane), or any member when null (an agent): $BUNSAN_CA, else DATA/ca/ca.crt that `bunsan ca init`
    /// wrote. The system's roots when neither file is there, for a server behind an operator's own TLS front.
    /// </summary>
    public static HttpMessageHandler CreateHandler(Uri url, string? identity)
    {
        ArgumentNullException.ThrowIfNull(url);
        string caPath = Environment.GetEnvironmentVariable("BUNSAN_CA") is { Length: > 0 } given
            ? given
            : Path.Combine(FederationCa.DirectoryOf(DefaultDataDirectory), FederationCa.CertificateFile);
        if (url.Scheme != Uri.UriSchemeHttps || !File.Exists(caPath))
        {
            return new SocketsHttpHandler();
        }
        X509Certificate2 ca;
        try
        {
            ca = X509Certificate2.CreateFromPem(File.ReadAllText(caPath));
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new BadInputException("BUNSAN_CA", $"{caPath} is not a PEM certificate ({e.Message}): point BUNSAN_CA at the federation's ca.crt");
        }
        return new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) => FederationTrust.Vouches(certificate, ca, identity),
            },
        };
    }
}
