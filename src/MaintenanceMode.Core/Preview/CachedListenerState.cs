using System;
using System.Threading;
using System.Threading.Tasks;
using MaintenanceMode.Listeners;

namespace MaintenanceMode.Preview
{
    /// <summary>
    /// The listener's state for the preview, read again when the last read is older than <c>maxAge</c>: a page
    /// reload shows a change within about a second, while a burst of requests (a browser fetching a page and
    /// its favicon) costs one DescribeRules, not one each. A failed read is not kept, so the next request retries.
    /// </summary>
    public sealed class CachedListenerState
    {
        private readonly Func<CancellationToken, Task<ListenerState>> _read;
        private readonly TimeSpan _maxAge;
        private readonly Func<DateTimeOffset> _clock;
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
        private ListenerState? _state;
        private DateTimeOffset _readAt;

        public CachedListenerState(Func<CancellationToken, Task<ListenerState>> read, TimeSpan maxAge, Func<DateTimeOffset> clock)
        {
            _read = read ?? throw new ArgumentNullException(nameof(read));
            _maxAge = maxAge;
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        }

        public async Task<ListenerState> GetAsync(CancellationToken ct)
        {
            await _gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                var now = _clock();
                if (_state != null && now - _readAt < _maxAge)
                {
                    return _state;
                }

                // Aged from when the read started: the rules it returns are at least that old.
                var state = await _read(ct).ConfigureAwait(false);
                _state = state;
                _readAt = now;
                return state;
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
