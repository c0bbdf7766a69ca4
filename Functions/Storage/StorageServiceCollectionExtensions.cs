using AuthFunctions.Core;
using Azure.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AuthFunctions.Storage;

/// <summary>Registers Table Storage (or its in-memory stand-in when nothing is configured) and the app's one Azure credential.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Reads <c>AzureWebJobsStorage</c> now, so a bad value stops start-up naming the setting; creates the clients
    /// lazily and without network I/O (tables are created on first use by <see cref="TableCreator"/>).
    /// Also registers the <see cref="TokenCredential"/> that Key Vault shares.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = StorageSettings.FromConfiguration(configuration);
        services.TryAddSingleton(_ => StorageCredential.Create(settings));
        services.TryAddSingleton(sp => CreateTableClient(sp, settings));
        services.TryAddSingleton<TableCreator>();
        services.TryAddSingleton<ITicketStore, TableTicketStore>();
        services.TryAddSingleton<ExpiredRowSweeper>();
        foreach (var kind in Enum.GetValues<TicketKind>())
        {
            services.AddSingleton(new ExpiringTable(TableTicketStore.TableName(kind)));
        }

        // In memory, state lives in one process: behind more than one instance, callbacks would miss their state.
        services.AddOptions<StorageRequirement>()
            .Validate<IHostEnvironment>(
                (_, environment) => settings is not null || environment.IsDevelopment(),
                StorageSettings.SettingName + ": not set; outside Development login state must be in Table Storage "
                + "(a connection string, or AzureWebJobsStorage__tableServiceUri with a managed identity)")
            .ValidateOnStart();
        return services;
    }

    /// <summary>Nothing to configure: it carries the start-up check that storage is configured outside Development.</summary>
    private sealed class StorageRequirement;

    private static ITableClient CreateTableClient(IServiceProvider sp, StorageSettings? settings)
    {
        if (settings is null)
        {
            Log.InMemoryStorage(sp.GetRequiredService<ILogger<InMemoryTableClient>>());
            return new InMemoryTableClient();
        }

        return new AzureTableClient(settings.CreateServiceClient(sp.GetRequiredService<TokenCredential>, AzureTableClient.CreateOptions()));
    }
}
