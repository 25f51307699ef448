using Bunsan.ControlPlane.Security;
using Bunsan.Core.Documents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bunsan.ControlPlane.Api;

/// <summary>A site's certificate request: its id, and a PKCS#10 request (PEM) over the key the agent generated and keeps.</summary>
public sealed record AgentCertificateRequest(string? Site, string? Csr);

/// <summary>The certificate the CA issued to the site, and the CA itself, both PEM.</summary>
public sealed record AgentCertificateView(string Site, string Certificate, string Ca, DateTimeOffset NotAfter);

/// <summary>
/// Enrolment in production mode. `GET /v1/ca` (anonymous) is the CA's certificate: public, and an agent checks it
/// against the fingerprint in its join token before trusting anything signed by it. `POST /v1/agents/certificate`
/// (join or admin token) issues the site's certificate; the agent's key never leaves it, the certificate names the
/// site, and the agent service lets it speak for that site alone. Certificates are issued at the system's time (see
/// <see cref="ControlPlaneTls.Load"/>).
/// </summary>
public static class EnrolmentEndpoints
{
    /// <summary>A P-256 or RSA-4096 request in PEM is well under 4 KiB.</summary>
    private const int MaxCsrChars = 16 << 10;

    public static void Map(IEndpointRouteBuilder app, RouteGroupBuilder agents)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(agents);
        app.MapGet("/v1/ca", (HttpContext http) => http.RequestServices.GetService<ControlPlaneTls>() is { } tls
                ? Results.Text(tls.Ca.Certificate.ExportCertificatePem(), "application/x-pem-file")
                : NoTls())
            .AllowAnonymous()
            .WithSummary("The federation CA's certificate (PEM) in production mode; agents check it against their join token's fingerprint");
        agents.MapPost("/agents/certificate", async (HttpRequest request, CancellationToken cancel) =>
        {
            if (request.HttpContext.RequestServices.GetService<ControlPlaneTls>() is not { } tls)
            {
                return NoTls();
            }
            (AgentCertificateRequest? body, IResult? bad) = await ApiBody.ReadJsonAsync<AgentCertificateRequest>(request, cancel);
            if (body is null)
            {
                return bad!;
            }
            if (ValueRules.Identifier(body.Site ?? "") is { } siteProblem)
            {
                return ApiErrors.BadRequest($"site {siteProblem} (the site id the agent registers as)");
            }
            if (string.IsNullOrWhiteSpace(body.Csr) || body.Csr.Length > MaxCsrChars)
            {
                return ApiErrors.BadRequest($"csr is {(string.IsNullOrWhiteSpace(body.Csr) ? "missing" : "over " + MaxCsrChars + " characters")}: send a PKCS#10 certificate request in PEM");
            }
            using System.Security.Cryptography.X509Certificates.X509Certificate2? issued = tls.Ca.IssueAgent(body.Site!, body.Csr, DateTimeOffset.UtcNow, out string? problem);
            if (issued is null)
            {
                return ApiErrors.BadRequest(problem!);
            }
            return Results.Json(new AgentCertificateView(body.Site!, issued.ExportCertificatePem(), tls.Ca.Certificate.ExportCertificatePem(), issued.NotAfter.ToUniversalTime()),
                ApiJson.Options, statusCode: StatusCodes.Status201Created);
        }).WithSummary("Issues the site's agent certificate from the federation CA (production mode; join or admin token)");
    }

    private static IResult NoTls() => ApiErrors.Problem(StatusCodes.Status409Conflict, "no_tls",
        "this control plane runs without --tls: it has no CA, and agents join with the join token alone");
}
