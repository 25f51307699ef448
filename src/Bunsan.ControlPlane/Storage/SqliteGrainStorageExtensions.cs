using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Bunsan.ControlPlane.Storage;

/// <summary>Registers <see cref="SqliteGrainStorage"/> with a silo in one line.</summary>
public static class SqliteGrainStorageExtensions
{
    /// <summary>Adds SQLite grain storage under <paramref name="name"/>; grains pick it with [PersistentState(state, name)].</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<SqliteGrainStorageOptions>(name).Configure(configure);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<SqliteGrainStorageOptions>, OrleansSerializerByDefault>());
        builder.Services.AddGrainStorage(name, (services, key) => new SqliteGrainStorage(
            key,
            services.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(key),
            services.GetRequiredService<IActivatorProvider>(),
            services.GetRequiredService<ILogger<SqliteGrainStorage>>()));
        return builder;
    }

    /// <summary>Adds SQLite grain storage as the default provider: grains that name none use it.</summary>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder, Action<SqliteGrainStorageOptions> configure) =>
        builder.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    /// <summary>
    /// Orleans' silo-wide default storage serializer is Newtonsoft JSON; the control plane's state is
    /// declared for Orleans' own serializer instead (see README.md), so that is the default here.
    /// </summary>
    private sealed class OrleansSerializerByDefault(IServiceProvider services) : IPostConfigureOptions<SqliteGrainStorageOptions>
    {
        public void PostConfigure(string? name, SqliteGrainStorageOptions options) =>
            options.GrainStorageSerializer ??= new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());
    }
}
