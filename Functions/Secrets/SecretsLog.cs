namespace AuthFunctions.Secrets;

/// <summary>Log lines about secrets. None carries a secret value: names, versions and HTTP statuses only.</summary>
internal static partial class SecretsLog
{
    [LoggerMessage(101, LogLevel.Warning, "Key Vault refresh of {Secret} failed ({Reason}); serving the cached value until {Until:o}")]
    public static partial void ServingCached(ILogger logger, string secret, string reason, DateTimeOffset until);

    [LoggerMessage(102, LogLevel.Information, "Read {Secret} from Key Vault (version {Version})")]
    public static partial void Fetched(ILogger logger, string secret, string version);

    [LoggerMessage(103, LogLevel.Information, "The provider refused the client secret of {Provider} (invalid_client): reading {Secret} from Key Vault again")]
    public static partial void ForcedRefresh(ILogger logger, string provider, string secret);

    [LoggerMessage(104, LogLevel.Warning, "{Setting} is ignored: KeyVault__Uri is set, so the value comes from the Key Vault secret {Secret}")]
    public static partial void SettingIgnored(ILogger logger, string setting, string secret);

    [LoggerMessage(105, LogLevel.Warning, "Version {Version} of {Secret} is not a P-256 PEM private key; it is left out of the signing keys")]
    public static partial void UnusableSigningKeyVersion(ILogger logger, string secret, string version);

    [LoggerMessage(106, LogLevel.Warning, "{Secret} has more than {Max} versions; versions past the first {Max} are not considered for the previous signing key")]
    public static partial void TooManyVersions(ILogger logger, string secret, int max);
}
