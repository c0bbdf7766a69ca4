using System.Net;

namespace AuthFunctions.Tests.Infrastructure;

/// <summary>Another browser (its own cookie jar) on the same app: an attacker's, or a second device.</summary>
public sealed class SecondBrowser(IAppUnderTest app) : IAppUnderTest, IDisposable
{
    public HttpClient Browser { get; } = new(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
    {
        BaseAddress = app.Address,
        Timeout = TimeSpan.FromSeconds(60),
    };

    public Uri Address => app.Address;

    public Uri Local(string publicUrl) => app.Local(publicUrl);

    public void Dispose() => Browser.Dispose();
}
