using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace EpiCommand.Web.Platform;

/// <summary>
/// The body size limit of every request: the endpoint's own (<c>RequestSizeLimitAttribute</c>: uploads, assessments), else
/// <see cref="Limits.JsonBodyBytes"/>. A body beyond it answers 413 naming the limit — at once when the Content-Length says so,
/// else when reading passes it — whether the server is Kestrel or not.
/// </summary>
public static class RequestLimits
{
    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        var limit = http.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } metadata ? metadata.MaxRequestBodySize : Limits.JsonBodyBytes;
        if (limit is not { } max) return next(http);
        http.Items[Limits.BodyLimitItem] = max;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = max;
        if (http.Request.ContentLength > max) throw TooLarge(max);
        http.Request.Body = new LimitedStream(http.Request.Body, max);
        return next(http);
    });

    private static BadHttpRequestException TooLarge(long max) =>
        new(Messages.BodyTooLarge(max).En, StatusCodes.Status413PayloadTooLarge);

    /// <summary>A request body that refuses to be read beyond the limit.</summary>
    private sealed class LimitedStream(Stream inner, long max) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));
        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => Count(await inner.ReadAsync(buffer.AsMemory(offset, count), ct));
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => Count(await inner.ReadAsync(buffer, ct));

        private int Count(int read)
        {
            _read += read;
            if (_read > max) throw TooLarge(max);
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
