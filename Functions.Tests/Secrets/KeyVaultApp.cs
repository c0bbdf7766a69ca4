using AuthFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace AuthFunctions.Tests.Secrets;

/// <summary>Starts the real app with Key Vault on, its SecretClient pointed at a <see cref="KeyVaultStandIn"/>.</summary>
internal static class KeyVaultApp
{
    public static Task<TestApp> StartAsync(
        KeyVaultStandIn vault,
        Dictionary<string, string?> settings,
        LogSink? logs = null,
        string environment = "Production",
        TimeSpan? refreshInterval = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var all = vault.Settings(refreshInterval);
        foreach (var (k, v) in settings)
        {
            all[k] = v;
        }

        return TestApp.StartAsync(all, environment, builder =>
        {
            vault.Use(builder);
            if (logs is not null)
            {
                builder.Logging.AddProvider(logs);
            }

            configure?.Invoke(builder);
        });
    }

    /// <summary>A fresh PEM P-256 private key, as <c>openssl ecparam … | openssl pkcs8 -topk8 -nocrypt</c> makes.</summary>
    public static string NewSigningKeyPem()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }
}
