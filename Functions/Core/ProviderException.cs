namespace AuthFunctions.Core;

/// <summary>A step with a provider failed; <see cref="Code"/> is one of <see cref="AuthErrors"/>.</summary>
public sealed class ProviderException(string code, string logMessage, Exception? inner = null, string? providerError = null) : Exception(logMessage, inner)
{
    public string Code { get; } = code;

    /// <summary>The provider's own <c>error</c> code (sanitized), when it sent one: for logic, never for the SPA.</summary>
    public string? ProviderError { get; } = providerError;
}
