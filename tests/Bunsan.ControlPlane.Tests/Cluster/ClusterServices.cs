using System.Net;
using Bunsan.ControlPlane.Hosting;
using Bunsan.Tests;
using Npgsql;

namespace Bunsan.ControlPlane.Tests.Cluster;

/// <summary>One real PostgreSQL and one real Redis for every test in the collection (starting them takes seconds).</summary>
[CollectionDefinition(Name)]
public sealed class ClusterServices : ICollectionFixture<PostgresFixture>, ICollectionFixture<RedisFixture>
{
    public const string Name = "cluster services";

    /// <summary>
    /// A fresh schema of its own on the fixture's server, as a connection string whose search path starts there: tests
    /// share the server but never each other's tables.
    /// </summary>
    public static async Task<string> FreshSchemaAsync(PostgresFixture postgres)
    {
        string schema = "t_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(Unpooled(postgres.ConnectionString)))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema};", connection);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        return new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { SearchPath = schema }.ConnectionString;
    }

    /// <summary>One silo of the test's cluster <paramref name="clusterId"/> on loopback, state in its schema, planning every 200 ms.</summary>
    public static ControlPlaneOptions SiloOptions(string dataDirectory, string connectionString, RedisFixture redis, string clusterId) => new()
    {
        DataDirectory = dataDirectory,
        SiloPort = LoopbackPorts.Free(),
        GatewayPort = LoopbackPorts.Free(),
        PlanInterval = TimeSpan.FromMilliseconds(200),
        Cluster = new ClusterSettings
        {
            PostgresConnectionString = connectionString,
            RedisEndpoint = redis.Endpoint,
            ClusterId = clusterId,
            AdvertisedAddress = IPAddress.Loopback,
        },
    };

    /// <summary>Runs SQL in the schema a test owns (to corrupt rows or plant foreign tables).</summary>
    public static async Task<object?> ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(Unpooled(connectionString));
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>No pool: a pooled connection would not survive a test that restarts the server.</summary>
    private static string Unpooled(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
}
