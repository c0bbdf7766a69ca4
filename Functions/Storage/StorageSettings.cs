using AuthFunctions.Core;
using Azure;
using Azure.Core;
using Azure.Data.Tables;

namespace AuthFunctions.Storage;

/// <summary>
/// Where Table Storage is and how to authenticate, read from the settings the Functions host itself
/// uses: <c>AzureWebJobsStorage</c> as a connection string, or identity-based
/// <c>AzureWebJobsStorage__tableServiceUri</c> / <c>__accountName</c> (+ <c>__credential</c>, <c>__clientId</c>).
/// Error messages name the setting and the problem, never the value: it may hold the account key.
/// </summary>
internal sealed class StorageSettings
{
    public const string SettingName = "AzureWebJobsStorage";

    // The SDK maps this to Azurite's default endpoint and well-known key, as the Functions host does.
    private const string DevelopmentStorage = "UseDevelopmentStorage=true";

    private readonly Kind _kind;
    private readonly string? _accountName;

    // The account key (base64) or the SAS token; kept out of every message and never exposed.
    private readonly string? _secret;

    private StorageSettings(Kind kind, Uri? tableEndpoint, string? accountName = null, string? secret = null, bool managedIdentity = false, string? clientId = null)
    {
        _kind = kind;
        TableEndpoint = tableEndpoint;
        _accountName = accountName;
        _secret = secret;
        UsesManagedIdentity = managedIdentity;
        ClientId = clientId;
    }

    private enum Kind
    {
        DevelopmentStorage,
        SharedKey,
        SharedAccessSignature,
        Identity,
    }

    /// <summary>The table endpoint as configured; null for <c>UseDevelopmentStorage=true</c>, whose endpoint the SDK knows.</summary>
    public Uri? TableEndpoint { get; }

    /// <summary>True for <c>__tableServiceUri</c> / <c>__accountName</c>: the client signs in with the app's <see cref="TokenCredential"/>.</summary>
    public bool IsIdentityBased => _kind == Kind.Identity;

    /// <summary>True for <c>credential=managedidentity</c>; otherwise identity-based uses DefaultAzureCredential.</summary>
    public bool UsesManagedIdentity { get; }

    /// <summary>A user-assigned identity's client id, when configured.</summary>
    public string? ClientId { get; }

    /// <summary>The configured settings, or null when no storage setting exists. Throws <see cref="InvalidOperationException"/> naming a bad setting.</summary>
    public static StorageSettings? FromConfiguration(IConfiguration configuration)
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
            : AccountEndpoint("https", accountName!.Trim(), "core.windows.net", SettingName + "__accountName");

        // Bearer tokens must never travel in clear text; Azure.Core refuses them over http anyway.
        if (endpoint.Scheme != Uri.UriSchemeHttps)
        {
            throw Invalid(SettingName + "__tableServiceUri", "identity-based access needs an https endpoint");
        }

        var managedIdentity = section["credential"]?.Trim().ToUpperInvariant() switch
        {
            null or "" => false,
            "MANAGEDIDENTITY" => true,
            _ => throw Invalid(SettingName + "__credential", "the only supported value is managedidentity"),
        };
        var clientId = section["clientId"];
        return new StorageSettings(Kind.Identity, endpoint, managedIdentity: managedIdentity, clientId: string.IsNullOrWhiteSpace(clientId) ? null : clientId.Trim());
    }

    /// <summary>
    /// The SDK client for these settings; no network I/O. <paramref name="credential"/> is asked for only by
    /// identity-based settings, so a connection string never builds a credential it does not use.
    /// </summary>
    public TableServiceClient CreateServiceClient(Func<TokenCredential> credential, TableClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(options);
        return _kind switch
        {
            Kind.DevelopmentStorage => new TableServiceClient(DevelopmentStorage, options),
            Kind.SharedKey => new TableServiceClient(TableEndpoint!, new TableSharedKeyCredential(_accountName!, _secret!), options),
            Kind.SharedAccessSignature => new TableServiceClient(TableEndpoint!, new AzureSasCredential(_secret!), options),
            _ => new TableServiceClient(TableEndpoint!, credential(), options),
        };
    }

    private static StorageSettings FromConnectionString(string connectionString)
    {
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Split at the first '=' only: base64 keys end with '=' padding, SAS tokens hold '=' and '&'.
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

            return new StorageSettings(Kind.DevelopmentStorage, tableEndpoint: null);
        }

        Uri? explicitEndpoint = parts.TryGetValue("TableEndpoint", out var tableEndpoint)
            ? ParseEndpoint(tableEndpoint, SettingName + " (TableEndpoint)")
            : null;

        if (parts.TryGetValue("SharedAccessSignature", out var sas))
        {
            // A SAS names no account to derive the endpoint from.
            if (explicitEndpoint is null)
            {
                throw Invalid(SettingName, "a SharedAccessSignature needs a TableEndpoint");
            }

            if (sas.Length == 0)
            {
                throw Invalid(SettingName, "SharedAccessSignature is empty");
            }

            return new StorageSettings(Kind.SharedAccessSignature, explicitEndpoint, secret: sas);
        }

        if (!parts.TryGetValue("AccountName", out var accountName) || accountName.Length == 0)
        {
            throw Invalid(SettingName, "AccountName is missing");
        }

        if (!parts.TryGetValue("AccountKey", out var accountKey) || accountKey.Length == 0)
        {
            throw Invalid(SettingName, "AccountKey is missing");
        }

        // Checked here because the SDK would only fail on the first request, with a message of its own.
        var buffer = new byte[accountKey.Length];
        if (!Convert.TryFromBase64String(accountKey, buffer, out var keyLength) || keyLength == 0)
        {
            throw Invalid(SettingName, "AccountKey is not base64");
        }

        var endpoint = explicitEndpoint ?? AccountEndpoint(
            parts.GetValueOrDefault("DefaultEndpointsProtocol", "https").ToUpperInvariant() switch
            {
                "HTTPS" => "https",
                "HTTP" => "http",
                _ => throw Invalid(SettingName, "DefaultEndpointsProtocol must be http or https"),
            },
            accountName,
            parts.GetValueOrDefault("EndpointSuffix", "core.windows.net"),
            SettingName);
        return new StorageSettings(Kind.SharedKey, endpoint, accountName, accountKey);
    }

    /// <summary>{protocol}://{account}.table.{suffix}, refusing names that would change the host.</summary>
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

    private static SettingException Invalid(string setting, string problem) =>
        new($"The setting {setting} is not valid: {problem}.");
}
