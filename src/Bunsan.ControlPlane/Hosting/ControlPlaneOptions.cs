using Bunsan.ControlPlane.Sites;

namespace Bunsan.ControlPlane.Hosting;

/// <summary>Options of the control plane (embedded, or one silo of a cluster), validated before the silo starts.</summary>
public sealed class ControlPlaneOptions
{
    /// <summary>The state file's name inside <see cref="DataDirectory"/>.</summary>
    public const string DatabaseFileName = "controlplane.db";

    /// <summary>Where the control plane keeps its state (created if absent). Required.</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>Silo-to-silo port (on loopback, or the advertised address in a cluster). Default 11111 (Orleans' own default). From 1 to 65535.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port for Orleans clients (on loopback, or the advertised address in a cluster). Default 30000 (Orleans' own default). From 1 to 65535, not <see cref="SiloPort"/>.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The HTTP API's port (HTTP/1.1). Default 7070; 0 picks a free port (tests).</summary>
    public int ApiPort { get; set; } = 7070;

    /// <summary>The gRPC agent service's port (HTTP/2 only: gRPC over cleartext needs prior knowledge). Default 7071; 0 picks a free port.</summary>
    public int AgentPort { get; set; } = 7071;

    /// <summary>Where the API and agent ports listen. Default loopback: opening them wider is the operator's explicit choice.</summary>
    public System.Net.IPAddress ListenAddress { get; set; } = System.Net.IPAddress.Loopback;

    /// <summary>How often placement runs over the live federation (default every second, the heartbeat interval).</summary>
    public TimeSpan PlanInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How heartbeat age maps to site health.</summary>
    public SiteHealthOptions SiteHealth { get; set; } = new();

    /// <summary>
    /// Null (the default): the embedded control plane, one silo clustered with itself on loopback, state in SQLite.
    /// Set: one silo of a cluster (`bunsan up --cluster`), membership in Redis and state in PostgreSQL.
    /// </summary>
    public ClusterSettings? Cluster { get; set; }

    /// <summary>
    /// Production mode (`bunsan up --tls`): every port speaks TLS only, with certificates from the federation CA in
    /// DATA/ca (`bunsan ca init`). Agents and other silos must present a certificate the CA issued; plaintext is refused.
    /// </summary>
    public bool Tls { get; set; }

    /// <summary>
    /// Registers the default grain storage, the one every control-plane grain uses. Null (the default)
    /// means PostgreSQL when <see cref="Cluster"/> is set, else SQLite at <see cref="DatabasePath"/>. This is
    /// the storage seam: set it to put the state in another store, and no grain changes.
    /// </summary>
    public Action<ISiloBuilder>? ConfigureStorage { get; set; }

    /// <summary>
    /// Where federated query answers go (ISO 3166-1 alpha-2): the jurisdiction every dataset's `spatial` constraint is
    /// checked against for results, next to each site's own for the computation. Default JP.
    /// </summary>
    public string Jurisdiction { get; set; } = "JP";

    public string DatabasePath => Path.Combine(Path.GetFullPath(DataDirectory), DatabaseFileName);

    /// <summary>Every problem, each naming the option and the fix; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            errors.Add("DataDirectory is empty: give the folder for the control plane's state, e.g. --data ~/.bunsan");
        }
        foreach ((string name, int port) in new[] { (nameof(SiloPort), SiloPort), (nameof(GatewayPort), GatewayPort) })
        {
            if (port is < 1 or > 65535)
            {
                errors.Add($"{name} is {port}: use a port from 1 to 65535");
            }
        }
        foreach ((string name, int port) in new[] { (nameof(ApiPort), ApiPort), (nameof(AgentPort), AgentPort) })
        {
            if (port is < 0 or > 65535)
            {
                errors.Add($"{name} is {port}: use a port from 1 to 65535 (0 picks a free one)");
            }
        }
        if (ApiPort != 0 && ApiPort == AgentPort)
        {
            errors.Add($"AgentPort is {AgentPort}, the same as ApiPort: give them different ports");
        }
        if (PlanInterval <= TimeSpan.Zero || PlanInterval > TimeSpan.FromMinutes(10))
        {
            errors.Add($"PlanInterval is {PlanInterval}: use a positive interval up to 10 minutes");
        }
        if (SiloPort == GatewayPort)
        {
            errors.Add($"GatewayPort is {GatewayPort}, the same as SiloPort: give them different ports");
        }
        if (Jurisdiction is not { Length: 2 } || !Jurisdiction.All(char.IsAsciiLetterUpper))
        {
            errors.Add($"Jurisdiction is '{Jurisdiction}': use an ISO 3166-1 alpha-2 code in capitals, e.g. JP");
        }
        errors.AddRange(SiteHealth.Validate());
        if (Cluster is { } cluster)
        {
            errors.AddRange(cluster.Validate().Select(error => $"{nameof(Cluster)}.{error}"));
        }
        return errors;
    }
}
