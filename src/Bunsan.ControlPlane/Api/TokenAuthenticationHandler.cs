using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Bunsan.ControlPlane.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bunsan.ControlPlane.Api;

/// <summary>
/// Authenticates `Authorization: Bearer &lt;token&gt;` (HTTP and gRPC alike) against the token grain. Tokens found
/// valid are remembered by hash, so the grain is asked once per token, not once per call; unknown ones are not,
/// so a caller spraying guesses cannot grow memory.
/// </summary>
public sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IGrainFactory grains,
    TokenCache cache) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "BunsanToken";

    /// <summary>Policy: admin tokens only (the HTTP API).</summary>
    public const string AdminPolicy = "admin";

    /// <summary>Policy: join or admin tokens (the agent service, module downloads).</summary>
    public const string AgentPolicy = "agent";

    /// <summary>Policy: analyst or admin tokens (federated queries, the dataset catalog).</summary>
    public const string AnalystPolicy = "analyst";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || header.Length > 512)
        {
            return AuthenticateResult.Fail("the Authorization header is not 'Bearer <token>'");
        }
        // A join token pasted whole (with the CA fingerprint after '~') counts as its secret: only that is hashed.
        string hash = AccessTokens.Hash(Bunsan.Protocol.Trust.JoinToken.Parse(header["Bearer ".Length..].Trim()).Bearer);
        if (!cache.TryGet(hash, out TokenIdentity? token))
        {
            token = await grains.Tokens().Identify(hash);
            if (token is null)
            {
                return AuthenticateResult.Fail("the token is not one this control plane issued");
            }
            cache.Remember(hash, token);
        }
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Role, token.Kind.ToString().ToLowerInvariant()), new Claim(ClaimTypes.Name, token.Name)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        AuthenticateResult result = await HandleAuthenticateOnceSafeAsync();
        string problem = result.Failure?.Message ?? "no token was sent";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await ApiErrors.Write(Context, "unauthorized",
            $"{problem}: send 'Authorization: Bearer <token>'; the admin token is in the data directory's admin.token (bunsan up prints where), agents use a join token");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return ApiErrors.Write(Context, "forbidden", "this token may not do that: join tokens only reach the agent service and analyst tokens only queries and the dataset catalog; use the admin token");
    }
}

/// <summary>Valid tokens by hash (see <see cref="TokenAuthenticationHandler"/>).</summary>
public sealed class TokenCache
{
    private readonly ConcurrentDictionary<string, TokenIdentity> _valid = new(StringComparer.Ordinal);

    public bool TryGet(string hash, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TokenIdentity? token) => _valid.TryGetValue(hash, out token);

    public void Remember(string hash, TokenIdentity token) => _valid[hash] = token;
}
