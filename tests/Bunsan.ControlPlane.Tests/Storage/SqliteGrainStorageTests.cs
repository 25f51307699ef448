using Bunsan.ControlPlane.Catalogs;
using Bunsan.ControlPlane.Sites;
using Bunsan.ControlPlane.Storage;
using Bunsan.Core.Sites;
using Microsoft.Data.Sqlite;
using Orleans.Runtime;
using Orleans.Storage;

namespace Bunsan.ControlPlane.Tests.Storage;

public sealed class SqliteGrainStorageTests : IAsyncLifetime
{
    private static readonly GrainId Osaka = GrainId.Create("site", "edge-osaka");

    private readonly TempDirectory _folder = new();
    private StorageHarness _harness = null!;

    public ValueTask InitializeAsync()
    {
        _harness = new StorageHarness(_folder.File("state/controlplane.db"));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _harness.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task WriteThenRead_FromAnotherProvider_RoundTripsStateAndETag()
    {
        SqliteGrainStorage writer = await _harness.OpenAsync();
        var written = new GrainState<SiteState>(new SiteState { Site = Samples.Sapporo.ToSite("regional-sapporo") with { Health = SiteHealth.Degraded }, RegisteredAt = DateTimeOffset.UnixEpoch.AddDays(1) });

        await writer.WriteStateAsync("site", Osaka, written);
        var read = new GrainState<SiteState>();
        await (await _harness.OpenAsync()).ReadStateAsync("site", Osaka, read);

        Assert.NotNull(written.ETag);
        Assert.True(written.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal(written.State!.Site, read.State!.Site);
        Assert.Equal(written.State!.RegisteredAt, read.State!.RegisteredAt);
    }

    [Fact]
    public async Task Read_NothingStored_GivesFreshStateWithoutETag()
    {
        SqliteGrainStorage storage = await _harness.OpenAsync();
        var state = new GrainState<NameListState>(new NameListState { Names = { "stale" } }) { ETag = "stale" };

        await storage.ReadStateAsync("site-registry", Osaka, state);

        Assert.Empty(state.State!.Names);
        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task Read_SameGrainOtherStateName_IsSeparateRow()
    {
        SqliteGrainStorage storage = await _harness.OpenAsync();
        await storage.WriteStateAsync("a", Osaka, Names("x"));

        var other = new GrainState<NameListState>();
        await storage.ReadStateAsync("b", Osaka, other);

        Assert.False(other.RecordExists);
    }

    [Fact]
    public async Task Write_StaleETag_ThrowsInconsistentStateAndKeepsTheNewerState()
    {
        SqliteGrainStorage storage = await _harness.OpenAsync();
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
        SqliteGrainStorage storage = await _harness.OpenAsync();
        await storage.WriteStateAsync("list", Osaka, Names("a"));

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("list", Osaka, Names("blind")));
    }

    [Fact]
    public async Task Clear_WithCurrentETag_RemovesTheRow()
    {
        SqliteGrainStorage storage = await _harness.OpenAsync();
        GrainState<NameListState> state = Names("a");
        await storage.WriteStateAsync("list", Osaka, state);

        await storage.ClearStateAsync("list", Osaka, state);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Empty(state.State!.Names);
        var read = new GrainState<NameListState>();
        await storage.ReadStateAsync("list", Osaka, read);
        Assert.False(read.RecordExists);
        Assert.Equal(0, await RowCountAsync());
    }

    [Fact]
    public async Task Clear_StaleETag_ThrowsAndKeepsTheRow()
    {
        SqliteGrainStorage storage = await _harness.OpenAsync();
        GrainState<NameListState> state = Names("a");
        await storage.WriteStateAsync("list", Osaka, state);
        var stale = new GrainState<NameListState>(new NameListState()) { ETag = state.ETag };
        await storage.WriteStateAsync("list", Osaka, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("list", Osaka, stale));

        Assert.Equal(1, await RowCountAsync());
    }

    [Fact]
    public async Task Write_ETagFromBeforeAClearAndRecreate_IsRefused()
    {
        SqliteGrainStorage storage = await _harness.OpenAsync();
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
    public async Task Read_CorruptPayload_ThrowsNamingTheRowAndTheFix()
    {
        SqliteGrainStorage storage = await _harness.OpenAsync();
        await storage.WriteStateAsync("site", Osaka, new GrainState<SiteState>(new SiteState { Site = Samples.Osaka.ToSite("edge-osaka") }));
        await ExecuteAsync("UPDATE grain_state SET payload = x'deadbeef00ff';");

        var read = new GrainState<SiteState>();
        var error = await Assert.ThrowsAsync<GrainStateUnreadableException>(() => storage.ReadStateAsync("site", Osaka, read));

        Assert.Contains("'site'", error.Message, StringComparison.Ordinal);
        Assert.Contains(Osaka.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains(_harness.DatabasePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("DELETE FROM grain_state", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_RowOfAnotherStateType_ThrowsUnreadable()
    {
        SqliteGrainStorage storage = await _harness.OpenAsync();
        await storage.WriteStateAsync("site", Osaka, Names("not-a-site"));

        await Assert.ThrowsAsync<GrainStateUnreadableException>(() => storage.ReadStateAsync("site", Osaka, new GrainState<SiteState>()));
    }

    [Fact]
    public async Task Initialize_FileIsNotSqlite_ThrowsClearError()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_harness.DatabasePath)!);
        await File.WriteAllTextAsync(_harness.DatabasePath, new string('x', 4096), TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<GrainStateUnreadableException>(_harness.OpenAsync);

        Assert.Contains("is not an SQLite database", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Initialize_SomeoneElsesDatabase_IsRefused()
    {
        await ExecuteAsync("CREATE TABLE invoices (id INTEGER);", createFolder: true);

        var error = await Assert.ThrowsAsync<GrainStateUnreadableException>(_harness.OpenAsync);

        Assert.Contains("of something else", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Initialize_NewerSchema_IsRefused()
    {
        await _harness.OpenAsync();
        await ExecuteAsync("PRAGMA user_version = 99;");

        var error = await Assert.ThrowsAsync<GrainStateUnreadableException>(_harness.OpenAsync);

        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Initialize_NewFile_UsesWriteAheadLog()
    {
        await _harness.OpenAsync();

        Assert.Equal("wal", await ScalarAsync("PRAGMA journal_mode;"));
    }

    [Fact]
    public async Task Write_BeforeInitialize_ThrowsSayingHowToRegister()
    {
        SqliteGrainStorage storage = _harness.Create();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => storage.WriteStateAsync("list", Osaka, Names("a")));

        Assert.Contains("AddSqliteGrainStorage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_EmptyPathAndTinyTimeout_NameBothFields()
    {
        SqliteGrainStorageOptions options = _harness.Options();
        options.DatabasePath = " ";
        options.BusyTimeout = TimeSpan.FromMilliseconds(5);

        IReadOnlyList<string> errors = options.Validate();

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("DatabasePath is empty", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("BusyTimeout is", errors[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_TwoProvidersOnOneFileInParallel_KeepsEveryGrainsState()
    {
        SqliteGrainStorage a = await _harness.OpenAsync();
        SqliteGrainStorage b = await _harness.OpenAsync();
        GrainId[] grains = [.. Enumerable.Range(0, 100).Select(i => GrainId.Create("site", $"edge-{i}"))];

        await Task.WhenAll(grains.Select((grain, i) => Task.Run(() =>
            (i % 2 == 0 ? a : b).WriteStateAsync("list", grain, Names($"n{i}")))));

        for (int i = 0; i < grains.Length; i++)
        {
            var read = new GrainState<NameListState>();
            await (i % 2 == 0 ? b : a).ReadStateAsync("list", grains[i], read);
            Assert.Equal([$"n{i}"], read.State!.Names);
        }
    }

    [Fact]
    public async Task Write_ManyWritersWithTheSameETag_ExactlyOneWins()
    {
        SqliteGrainStorage a = await _harness.OpenAsync();
        SqliteGrainStorage b = await _harness.OpenAsync();
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

    private static GrainState<NameListState> Names(params string[] names) => new(new NameListState { Names = [.. names] });

    private async Task<long> RowCountAsync() => (long)(await ScalarAsync("SELECT count(*) FROM grain_state;"))!;

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_harness.DatabasePath};Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }

    private async Task ExecuteAsync(string sql, bool createFolder = false)
    {
        if (createFolder)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_harness.DatabasePath)!);
        }
        await using var connection = new SqliteConnection($"Data Source={_harness.DatabasePath};Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
