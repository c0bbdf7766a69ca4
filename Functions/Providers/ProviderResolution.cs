using AuthFunctions.Core;

namespace AuthFunctions.Providers;

/// <summary>
/// The one resolution of the <c>OAuth__Providers__*</c> settings: start-up validation resolves the options it
/// validates and reports the errors, and the <see cref="ProviderRegistry"/> service is the same result, not a second pass.
/// </summary>
internal sealed class ProviderResolution(ProviderCatalog catalog, IHostEnvironment environment)
{
    private readonly Lock _gate = new();
    private OAuthOptions? _options;
    private (ProviderRegistry? Registry, IReadOnlyList<string> Errors) _result;

    /// <summary>The registry of <paramref name="options"/>, or the errors that stop start-up; resolved once per options instance.</summary>
    public (ProviderRegistry? Registry, IReadOnlyList<string> Errors) Resolve(OAuthOptions options)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(options, _options))
            {
                _result = ProviderRegistry.Resolve(catalog, options, environment.IsDevelopment());
                _options = options;
            }

            return _result;
        }
    }
}
