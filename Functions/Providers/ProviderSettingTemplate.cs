namespace AuthFunctions.Providers;

/// <summary>A placeholder in a catalog entry's URLs that the user fills with a setting (a tenant, a domain, a realm).</summary>
public sealed record ProviderSettingTemplate
{
    /// <summary>Used when the setting is absent; without one the setting is required.</summary>
    public string? Default { get; set; }

    /// <summary>A regular expression the value must match (whole value).</summary>
    public string? Pattern { get; set; }

    public string? Description { get; set; }
}
