import { ERROR_CODES } from '@twingraph/model';
import { ERROR_MARKER, INPUTS_FILE, OUTPUTS_MARKER } from './protocol.js';

/** File names inside the work dir's `.twingraph/` folder. */
export const PYTHON_FILES = { harness: 'twingraph_harness.py', component: 'component.py' } as const;

/**
 * Runs `component.py`: loads it as module `component`, calls `process(inputs)` (plain or `async def`)
 * and prints the returned dict on the marker line. Without a `process` function the module is a
 * script that reports outputs itself (marker line or outputs.json).
 */
export const PYTHON_HARNESS = `\
import asyncio, importlib.util, inspect, json, os, sys

def _report_error(code, message):
    sys.stdout.write(${JSON.stringify(ERROR_MARKER)} + json.dumps({"code": code, "message": message, "nonRetryable": True}) + "\\n")
    sys.stdout.flush()
    sys.exit(1)

def _main():
    work_dir = os.environ["TWINGRAPH_WORK_DIR"]
    with open(os.path.join(work_dir, ${JSON.stringify(INPUTS_FILE)}), encoding="utf-8") as f:
        inputs = json.load(f)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), ${JSON.stringify(PYTHON_FILES.component)})
    spec = importlib.util.spec_from_file_location("component", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["component"] = module
    spec.loader.exec_module(module)
    fn = getattr(module, "process", None)
    if not callable(fn):
        return
    result = fn(inputs)
    if inspect.isawaitable(result):
        async def _await():
            return await result
        result = asyncio.run(_await())
    if result is None:
        return
    if not isinstance(result, dict):
        _report_error(${JSON.stringify(ERROR_CODES.INVALID_OUTPUTS)}, "process(inputs) must return a dict of outputs, got " + type(result).__name__)
    try:
        text = json.dumps(result, allow_nan=False)
    except (TypeError, ValueError) as error:
        _report_error(${JSON.stringify(ERROR_CODES.NON_SERIALIZABLE)}, "the outputs of process(inputs) are not JSON-serializable: " + str(error))
    sys.stdout.flush()
    sys.stdout.write(${JSON.stringify(OUTPUTS_MARKER)} + text + "\\n")
    sys.stdout.flush()

_main()
`;
