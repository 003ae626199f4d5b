using System;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace MaintenanceMode.Commands
{
    /// <summary>
    /// Runs an async operation while the pipeline thread waits for it and, meanwhile, runs what the operation
    /// hands back (WriteVerbose, WriteProgress, WriteObject, ShouldProcess): PowerShell lets only the pipeline
    /// thread call those. One instance serves one operation.
    /// </summary>
    internal sealed class PipelineThreadQueue
    {
        private readonly BlockingCollection<Action> _work = new BlockingCollection<Action>();
        private readonly int _pipelineThreadId = Environment.CurrentManagedThreadId;
        private readonly Action _cancelOperation;
        private ExceptionDispatchInfo? _firstFailure;

        /// <param name="cancelOperation">Called when posted work fails (for example WriteObject after Ctrl+C), so the operation stops too.</param>
        internal PipelineThreadQueue(Action cancelOperation) => _cancelOperation = cancelOperation;

        internal bool IsPipelineThread => Environment.CurrentManagedThreadId == _pipelineThreadId;

        /// <summary>Runs <paramref name="start"/> off the pipeline thread and pumps posted work until it completes.</summary>
        internal T Run<T>(Func<Task<T>> start)
        {
            var operation = Task.Run(start);
            operation.ContinueWith(_ => _work.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            foreach (var action in _work.GetConsumingEnumerable())
            {
                action();
            }
            // A failure of posted work (usually the pipeline stopping) explains the operation's own failure.
            _firstFailure?.Throw();
            return operation.GetAwaiter().GetResult();
        }

        /// <summary>Runs <paramref name="action"/> on the pipeline thread without waiting for it.</summary>
        internal void Post(Action action)
        {
            if (IsPipelineThread)
            {
                action();
                return;
            }
            Enqueue(() =>
            {
                if (_firstFailure != null)
                {
                    return; // the pipeline failed already: drop further output
                }
                try
                {
                    action();
                }
                catch (Exception e)
                {
                    _firstFailure = ExceptionDispatchInfo.Capture(e);
                    _cancelOperation();
                }
            });
        }

        /// <summary>
        /// As <see cref="Post"/>, but false instead of an error when the operation has completed: for work started
        /// with StartOffPipelineThread, which may report just as the operation it overlapped ends.
        /// </summary>
        internal bool TryPost(Action action)
        {
            try
            {
                Post(action);
                return true;
            }
            catch (InvalidOperationException) when (_work.IsAddingCompleted)
            {
                return false;
            }
        }

        /// <summary>Runs <paramref name="function"/> on the pipeline thread and waits for its result (ShouldProcess, prompts).</summary>
        internal TResult Send<TResult>(Func<TResult> function)
        {
            if (IsPipelineThread)
            {
                return function();
            }
            var result = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            Enqueue(() =>
            {
                try
                {
                    result.SetResult(function());
                }
                catch (Exception e)
                {
                    result.SetException(e);
                }
            });
            return result.Task.GetAwaiter().GetResult();
        }

        private void Enqueue(Action action)
        {
            try
            {
                _work.Add(action);
            }
            catch (InvalidOperationException)
            {
                throw new InvalidOperationException("The operation posted work to the pipeline thread after it completed; post only from within the running operation.");
            }
        }
    }
}
