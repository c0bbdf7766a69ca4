namespace AuthFunctions.Tests.Providers.Conformance;

/// <summary>
/// The primary handler of the app's provider HttpClient in conformance tests: every request goes to the replay server on
/// loopback with its method, path, query, headers and body unchanged, and its real scheme and authority in
/// <see cref="OriginHeader"/>, so fixtures hold the providers' real documented URLs.
/// </summary>
public sealed class ReplayRoutingHandler(Uri replayServer) : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
{
    public const string OriginHeader = "X-Replay-Origin";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var original = request.RequestUri ?? throw new InvalidOperationException("A provider request without a URL.");
        request.Headers.Remove(OriginHeader);
        request.Headers.TryAddWithoutValidation(OriginHeader, original.GetLeftPart(UriPartial.Authority));
        request.RequestUri = new UriBuilder(original) { Scheme = replayServer.Scheme, Host = replayServer.Host, Port = replayServer.Port }.Uri;
        return base.SendAsync(request, cancellationToken);
    }
}
