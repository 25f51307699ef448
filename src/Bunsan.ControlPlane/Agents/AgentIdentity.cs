using System.Security.Cryptography.X509Certificates;
using Bunsan.ControlPlane.Security;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Bunsan.ControlPlane.Agents;

/// <summary>
/// In production mode an agent speaks only for the site its certificate names: the handshake proved the CA issued
/// the certificate; this proves the call is about that site, so one enrolled agent cannot register, heartbeat or
/// watch as another.
/// </summary>
internal static class AgentIdentity
{
    public static void Check(ServerCallContext context, string siteId)
    {
        Microsoft.AspNetCore.Http.HttpContext http = context.GetHttpContext();
        if (http.RequestServices.GetService<ControlPlaneTls>() is null)
        {
            return;
        }
        string? certified = http.Connection.ClientCertificate?.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        if (!string.Equals(certified, siteId, StringComparison.Ordinal))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied,
                $"this agent's certificate is for site '{certified}', not '{siteId}': an agent speaks for the site it enrolled as (delete its tls/ folder to enrol again under the new name)"));
        }
    }
}
