using Bunsan.ControlPlane.Catalogs;
using Bunsan.ControlPlane.Sites;
using Bunsan.ControlPlane.Storage;
using Bunsan.Core.Sites;
using Bunsan.Tests;
using Orleans.Runtime;
using Orleans.Storage;

namespace Bunsan.ControlPlane.Tests.Cluster;

[Collection(ClusterServices.Name)]
public sealed class PostgresGrainStorageTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly GrainId Osaka = GrainId.Create("site", "edge-osaka");

    private PostgresStorageHarness _harness = null!;

    public async ValueTask InitializeAsync() => _harness = new PostgresStorageHarness(await ClusterServices.FreshSchemaAsync(postgres));

    public async ValueTask DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task WriteThenRead_FromAnotherProvider_RoundTripsStateAndETag()
    {
        PostgresGrainStorage writer = await _harness.OpenAsync();
        var written = new GrainState<SiteState>(new SiteState { Site = Samples.Sapporo.ToSite("regional-sapporo") with { Health = SiteHealth.Degraded }, RegisteredAt = DateTimeOffset.UnixEpoch.AddDays(1) });

        await writer.WriteStateAsync("site", Osaka, written);
        var read = new GrainState<SiteState>();
        await (await _harness.OpenAsync()).ReadStateAsync("site", Osaka, read);

        Assert.NotNull(written.ETag);
        Assert.Equal(written.ETag, read.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal(written.State!.Site, read.State!.Site);
        Assert.Equal(written.State!.RegisteredAt, read.State!.RegisteredAt);
    }

    [Fact]
    public async Task Read_NothingStored_GivesFreshStateWithoutETag()
    {
        PostgresGrainStorage storage = await _harness.OpenAsync();
        var state = new GrainState<NameListState>(new NameListState { Names = { "stale" } }) { ETag = "stale" };

        await storage.ReadStateAsync("site-registry", Osaka, state);

        Assert.Empty(state.State!.Names);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task Write_StaleETag_ThrowsInconsistentStateAndKeepsTheNewerState()
    {
        PostgresGrainStorage storage = await _harness.OpenAsync();
        GrainState<NameListState> first = Names("a");
        await storage.WriteStateAsync("list", Osaka, first);
        GrainState<NameListState> stale = Names("stale");
        stale.ETag = first.ETag;
        first.State!.Names.Add("b");
        await storage.WriteStateAsync("list", Osaka, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("list", Osaka, stale));

        GrainState<NameListState> read = new();
        await storage.ReadStateAsync("list", Osaka, read);
        Assert.Equal(["a", "b"], read.State!.Names.Order());
        Assert.Equal(first.ETag, read.ETag);
    }

    [Fact]
    public async Task Write_NoETagButRowExists_ThrowsInconsistentState()
    {
        PostgresGrainStorage storage = await _harness.OpenAsync();
        await storage.WriteStateAsync("list", Osaka, Names("a"));

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("list", Osaka, Names("blind")));
    }

    [Fact]
    public async Task Clear_WithCurrentETag_RemovesTheRow()
    {
        PostgresGrainStorage storage = await _harness.OpenAsync();
        GrainState<NameListState> state = Names("a");
        await storage.WriteStateAsync("list", Osaka, state);

        await storage.ClearStateAsync("list", Osaka, state);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Empty(state.State!.Names);
        Assert.Equal(0L, await ClusterServices.ExecuteAsync(_harness.ConnectionString, "SELECT count(*) FROM grain_state;"));
    }

    [Fact]
    public async Task Clear_StaleETag_ThrowsAndKeepsTheRow()
    {
        PostgresGrainStorage storage = await _harness.OpenAsync();
        GrainState<NameListState> state = Names("a");
        await storage.WriteStateAsync("list", Osaka, state);
        var stale = new GrainState<NameListState>(new NameListState()) { ETag = state.ETag };
        await storage.WriteStateAsync("list", Osaka, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("list", Osaka, stale));

        Assert.Equal(1L, await ClusterServices.ExecuteAsync(_harness.ConnectionString, "SELECT count(*) FROM grain_state;"));
    }

    [Fact]
    public async Task Clear_NoETagButRowAppeared_Throws()
    {
        PostgresGrainStorage storage = await _harness.OpenAsync();
        await storage.WriteStateAsync("list", Osaka, Names("a"));

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("list", Osaka, new GrainState<NameListState>()));
    }

    [Fact]
    public async Task Write_ETagFromBeforeAClearAndRecreate_IsRefused()
    {
        PostgresGrainStorage storage = await _harness.OpenAsync();
        GrainState<NameListState> state = Names("a");
        await storage.WriteStateAsync("list", Osaka, state);
        string? beforeClear = state.ETag;
        await storage.ClearStateAsync("list", Osaka, state);
        await storage.WriteStateAsync("list", Osaka, Names("recreated"));

        GrainState<NameListState> stale = Names("stale");
        stale.ETag = beforeClear;

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("list", Osaka, stale));
    }

    [Fact]
    public async Task Write_ManyWritersWithTheSameETag_ExactlyOneWins()
    {
        PostgresGrainStorage a = await _harness.OpenAsync();
        PostgresGrainStorage b = await _harness.OpenAsync();
        GrainState<NameListState> seed = Names("seed");
        await a.WriteStateAsync("list", Osaka, seed);

        Exception?[] outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            GrainState<NameListState> attempt = Names($"w{i}");
            attempt.ETag = seed.ETag;
            try
            {
                await (i % 2 == 0 ? a : b).WriteStateAsync("list", Osaka, attempt);
                return null;
            }
            catch (InconsistentStateException e)
            {
                return e;
            }
        })));

        Assert.Single(outcomes, outcome => outcome is null);
    }

    [Fact]
    public async Task Read_AfterDatabaseRestart_KeepsStateForANewProvider()
    {
        PostgresGrainStorage storage = await _harness.OpenAsync();
        GrainState<NameListState> written = Names("durable");
        await storage.WriteStateAsync("list", Osaka, written);

        await postgres.RestartAsync();
        var read = new GrainState<NameListState>();
        await using var afterRestart = new PostgresStorageHarness(_harness.ConnectionString);
        await (await afterRestart.OpenAsync()).ReadStateAsync("list", Osaka, read);

        Assert.Equal(["durable"], read.State!.Names);
        Assert.Equal(written.ETag, read.ETag);
    }

    [Fact]
    public async Task ReadAndWrite_ThroughARunningProviderAcrossADatabaseRestart_Succeed()
    {
        PostgresGrainStorage storage = await _harness.OpenAsync();
        GrainState<NameListState> state = Names("before");
        // Several pooled connections, each of which the restart kills.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => storage.WriteStateAsync("list", GrainId.Create("site", $"edge-{i}"), Names($"n{i}"))));
        await storage.WriteStateAsync("list", Osaka, state);

        await postgres.RestartAsync();
        state.State!.Names.Add("after");
        await storage.WriteStateAsync("list", Osaka, state);
        var read = new GrainState<NameListState>();
        await storage.ReadStateAsync("list", Osaka, read);

        Assert.Equal(["before", "after"], read.State!.Names);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact]
    public async Task Read_CorruptPayload_ThrowsNamingTheRowAndTheFix()
    {
        PostgresGrainStorage storage = await _harness.OpenAsync();
        await storage.WriteStateAsync("site", Osaka, new GrainState<SiteState>(new SiteState { Site = Samples.Osaka.ToSite("edge-osaka") }));
        await ClusterServices.ExecuteAsync(_harness.ConnectionString, "UPDATE grain_state SET payload = '\\xdeadbeef00ff'::bytea;");

        var error = await Assert.ThrowsAsync<GrainStateUnreadableException>(() => storage.ReadStateAsync("site", Osaka, new GrainState<SiteState>()));

        Assert.Contains("'site'", error.Message, StringComparison.Ordinal);
        Assert.Contains(Osaka.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains($"PostgreSQL 127.0.0.1:{postgres.Port}/postgres", error.Message, StringComparison.Ordinal);
        Assert.Contains("DELETE FROM grain_state", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_CorruptRowUnderHostileKey_SuggestedDeleteStaysOneStatement()
    {
        PostgresGrainStorage storage = await _harness.OpenAsync();
        GrainId hostile = GrainId.Create("site", "x'; DROP TABLE grain_state; --");
        await ClusterServices.ExecuteAsync(_harness.ConnectionString,
            $"INSERT INTO grain_state VALUES ('site', '{hostile.ToString().Replace("'", "''", StringComparison.Ordinal)}', 'e', '\\x00'::bytea);");

        var error = await Assert.ThrowsAsync<GrainStateUnreadableException>(() => storage.ReadStateAsync("site", hostile, new GrainState<SiteState>()));

        Assert.Contains("grain_id = 'site/x''; DROP TABLE grain_state; --'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_RowOfAnotherStateType_ThrowsUnreadable()
    {
        PostgresGrainStorage storage = await _harness.OpenAsync();
        await storage.WriteStateAsync("site", Osaka, Names("not-a-site"));

        await Assert.ThrowsAsync<GrainStateUnreadableException>(() => storage.ReadStateAsync("site", Osaka, new GrainState<SiteState>()));
    }

    [Fact]
    public async Task Initialize_SomeoneElsesGrainStateTable_IsRefused()
    {
        await ClusterServices.ExecuteAsync(_harness.ConnectionString, "CREATE TABLE grain_state (id integer);");

        var error = await Assert.ThrowsAsync<GrainStateUnreadableException>(_harness.OpenAsync);

        Assert.Contains("not Bunsan's", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Initialize_SomeoneElsesSchemaTable_IsRefused()
    {
        await ClusterServices.ExecuteAsync(_harness.ConnectionString, "CREATE TABLE bunsan_schema (id integer);");

        var error = await Assert.ThrowsAsync<GrainStateUnreadableException>(_harness.OpenAsync);

        Assert.Contains("bunsan_schema table that is not Bunsan's", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Initialize_NewerSchema_IsRefused()
    {
        await _harness.OpenAsync();
        await ClusterServices.ExecuteAsync(_harness.ConnectionString, "UPDATE bunsan_schema SET version = 99;");

        var error = await Assert.ThrowsAsync<GrainStateUnreadableException>(_harness.OpenAsync);

        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Initialize_ManyProvidersAtOnce_CreateTheTablesOnce()
    {
        PostgresGrainStorage[] providers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(_harness.OpenAsync)));

        await providers[0].WriteStateAsync("list", Osaka, Names("a"));
        Assert.Equal(1L, await ClusterServices.ExecuteAsync(_harness.ConnectionString, "SELECT count(*) FROM bunsan_schema;"));
    }

    [Fact]
    public async Task Initialize_NothingListening_ThrowsIOExceptionNamingTheServerNotThePassword()
    {
        int closed = LoopbackPorts.Free();
        await using var harness = new PostgresStorageHarness($"Host=127.0.0.1;Port={closed};Username=bunsan;Password=hunter2;Timeout=5");

        var error = await Assert.ThrowsAsync<IOException>(harness.OpenAsync);

        Assert.Contains($"127.0.0.1:{closed}", error.Message, StringComparison.Ordinal);
        Assert.Contains("check --postgres", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Initialize_UnknownUser_ThrowsIOExceptionNamingTheServer()
    {
        await using var harness = new PostgresStorageHarness($"Host=127.0.0.1;Port={postgres.Port};Username=intruder");

        var error = await Assert.ThrowsAsync<IOException>(harness.OpenAsync);

        Assert.Contains($"127.0.0.1:{postgres.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("intruder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_BeforeInitialize_ThrowsSayingHowToRegister()
    {
        PostgresGrainStorage storage = _harness.Create();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => storage.WriteStateAsync("list", Osaka, Names("a")));

        Assert.Contains("AddPostgresGrainStorage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_EmptyConnectionStringAndNoSerializer_NameBothFields()
    {
        PostgresGrainStorageOptions options = _harness.Options();
        options.ConnectionString = " ";
        options.GrainStorageSerializer = null!;

        IReadOnlyList<string> errors = options.Validate();

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("ConnectionString is empty", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("GrainStorageSerializer is null", errors[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=db", PostgresStateTable.DefaultMaxPoolSize)]
    [InlineData("Host=db;Maximum Pool Size=3", 3)]
    [InlineData("Host=db;MAXIMUM POOL SIZE=4", 4)]
    [InlineData("Host=db;maxpoolsize=5", 5)]
    [InlineData("Host=db;Password=MaxPoolSize", PostgresStateTable.DefaultMaxPoolSize)]
    public void EffectiveSettings_PoolSize_OperatorsOrTheSiloDefault(string connectionString, int expected) =>
        Assert.Equal(expected, PostgresStateTable.EffectiveSettings(connectionString).MaxPoolSize);

    private static GrainState<NameListState> Names(params string[] names) => new(new NameListState { Names = [.. names] });
}
