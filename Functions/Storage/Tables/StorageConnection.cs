using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace AuthFunctions.Storage.Tables;

/// <summary>
/// Where Table Storage is and how to authenticate, read from the settings the Functions host itself
/// uses: <c>AzureWebJobsStorage</c> as a connection string, or identity-based
/// <c>AzureWebJobsStorage__tableServiceUri</c> / <c>__accountName</c> (+ <c>__credential</c>, <c>__clientId</c>).
/// Error messages name the setting and the problem, never the value: it may hold the account key.
/// </summary>
internal sealed class StorageConnection
{
    public const string SettingName = "AzureWebJobsStorage";

    public const string DevelopmentAccountName = "devstoreaccount1";

    // Azurite's published, well-known development key; not a secret.
    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string StorageScope = "https://storage.azure.com/.default";

    private readonly byte[]? _accountKey;

    private StorageConnection(Uri tableEndpoint, string? accountName, byte[]? accountKey, bool managedIdentity, string? clientId)
    {
        TableEndpoint = tableEndpoint;
        AccountName = accountName;
        _accountKey = accountKey;
        UsesManagedIdentity = managedIdentity;
        ClientId = clientId;
    }

    public Uri TableEndpoint { get; }

    /// <summary>The account of a connection string (SharedKey); null for identity-based settings.</summary>
    public string? AccountName { get; }

    public bool UsesSharedKey => _accountKey is not null;

    /// <summary>True for <c>credential=managedidentity</c>; otherwise identity-based uses DefaultAzureCredential.</summary>
    public bool UsesManagedIdentity { get; }

    /// <summary>A user-assigned identity's client id, when configured.</summary>
    public string? ClientId { get; }

    /// <summary>The configured connection, or null when no storage setting exists.</summary>
    public static StorageConnection? FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SettingName);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return FromConnectionString(section.Value);
        }

        var serviceUri = section["tableServiceUri"];
        var accountName = section["accountName"];
        if (string.IsNullOrWhiteSpace(serviceUri) && string.IsNullOrWhiteSpace(accountName))
        {
            return null;
        }

        var endpoint = !string.IsNullOrWhiteSpace(serviceUri)
            ? ParseEndpoint(serviceUri, SettingName + "__tableServiceUri")
            : AccountEndpoint("https", accountName!, "core.windows.net", SettingName + "__accountName");

        // Bearer tokens must never travel in clear text; Azure.Core refuses them over http anyway.
        if (endpoint.Scheme != Uri.UriSchemeHttps)
        {
            throw Invalid(SettingName + "__tableServiceUri", "identity-based access needs an https endpoint");
        }

        var credential = section["credential"];
        var managedIdentity = credential?.Trim().ToUpperInvariant() switch
        {
            null or "" => false,
            "MANAGEDIDENTITY" => true,
            _ => throw Invalid(SettingName + "__credential", "the only supported value is managedidentity"),
        };
        var clientId = section["clientId"];
        return new StorageConnection(endpoint, null, null, managedIdentity, string.IsNullOrWhiteSpace(clientId) ? null : clientId.Trim());
    }

    /// <summary>The table client for this connection, authenticated by SharedKey or by a token credential.</summary>
    public TableStorageClient CreateClient(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        HttpPipelinePolicy authentication = _accountKey is not null
            ? new SharedKeyPolicy(AccountName!, _accountKey, timeProvider)
            : new BearerTokenAuthenticationPolicy(CreateCredential(), StorageScope);
        return new TableStorageClient(TableEndpoint, authentication);
    }

    private TokenCredential CreateCredential()
    {
        if (UsesManagedIdentity)
        {
            return new ManagedIdentityCredential(
                ClientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(ClientId));
        }

        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = ClientId });
    }

    private static StorageConnection FromConnectionString(string connectionString)
    {
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Split at the first '=' only: base64 keys end with '=' padding.
            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw Invalid(SettingName, "every part must look like Name=Value");
            }

            parts[segment[..equals].Trim()] = segment[(equals + 1)..].Trim();
        }

        if (parts.TryGetValue("UseDevelopmentStorage", out var development))
        {
            if (!bool.TryParse(development, out var useDevelopment) || !useDevelopment)
            {
                throw Invalid(SettingName, "UseDevelopmentStorage must be true");
            }

            return new StorageConnection(
                new Uri("http://127.0.0.1:10002/" + DevelopmentAccountName),
                DevelopmentAccountName,
                Convert.FromBase64String(DevelopmentAccountKey),
                managedIdentity: false,
                clientId: null);
        }

        if (parts.ContainsKey("SharedAccessSignature"))
        {
            throw Invalid(SettingName, "SharedAccessSignature is not supported; use an account key or identity-based settings");
        }

        if (!parts.TryGetValue("AccountName", out var accountName) || accountName.Length == 0)
        {
            throw Invalid(SettingName, "AccountName is missing");
        }

        if (!parts.TryGetValue("AccountKey", out var accountKeyText) || accountKeyText.Length == 0)
        {
            throw Invalid(SettingName, "AccountKey is missing");
        }

        var accountKey = new byte[accountKeyText.Length];
        if (!Convert.TryFromBase64String(accountKeyText, accountKey, out var keyLength) || keyLength == 0)
        {
            throw Invalid(SettingName, "AccountKey is not base64");
        }

        Uri endpoint;
        if (parts.TryGetValue("TableEndpoint", out var tableEndpoint))
        {
            endpoint = ParseEndpoint(tableEndpoint, SettingName + " (TableEndpoint)");
        }
        else
        {
            var protocol = parts.GetValueOrDefault("DefaultEndpointsProtocol", "https").ToUpperInvariant() switch
            {
                "HTTPS" => "https",
                "HTTP" => "http",
                _ => throw Invalid(SettingName, "DefaultEndpointsProtocol must be http or https"),
            };
            var suffix = parts.GetValueOrDefault("EndpointSuffix", "core.windows.net");
            endpoint = AccountEndpoint(protocol, accountName, suffix, SettingName);
        }

        return new StorageConnection(endpoint, accountName, accountKey[..keyLength], managedIdentity: false, clientId: null);
    }

    /// <summary>https://{account}.table.{suffix}, refusing names that would change the host.</summary>
    private static Uri AccountEndpoint(string protocol, string accountName, string suffix, string setting)
    {
        if (accountName.Length is < 3 or > 24 || !accountName.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
        {
            throw Invalid(setting, "the account name must be 3 to 24 lowercase letters or digits");
        }

        if (Uri.CheckHostName(suffix) != UriHostNameType.Dns)
        {
            throw Invalid(setting, "EndpointSuffix is not a host name");
        }

        return new Uri($"{protocol}://{accountName}.table.{suffix}");
    }

    private static Uri ParseEndpoint(string value, string setting)
    {
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw Invalid(setting, "the table endpoint must be an absolute http(s) URL without query or user info");
        }

        return uri;
    }

    private static InvalidOperationException Invalid(string setting, string problem) =>
        new($"The setting {setting} is not valid: {problem}.");
}
