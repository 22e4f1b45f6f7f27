// DOMException, as Web IDL defines it: https://webidl.spec.whatwg.org/#idl-DOMException
// The interface object inherits from Function.prototype and its prototype from Error.prototype
// (https://webidl.spec.whatwg.org/#es-DOMException-specialness); name, message, code and cause
// are brand-checked getters on the prototype, so shadowing `name` on an instance does not change
// its code. Instances get a `stack` like any Error.
import {
  ObjectSetPrototypeOf, ObjectPrototypeHasOwnProperty, ErrorCaptureStackTrace, ErrorPrototype,
} from "./primordials.js";
import { brandCheck, defineInterface, enumerableMembers, defineConstants, toDOMString } from "./webidl.js";

// https://webidl.spec.whatwg.org/#dfn-error-names-table: the names that have a legacy code.
const kLegacyCodes = {
  IndexSizeError: 1,
  HierarchyRequestError: 3,
  WrongDocumentError: 4,
  InvalidCharacterError: 5,
  NoModificationAllowedError: 7,
  NotFoundError: 8,
  NotSupportedError: 9,
  InUseAttributeError: 10,
  InvalidStateError: 11,
  SyntaxError: 12,
  InvalidModificationError: 13,
  NamespaceError: 14,
  InvalidAccessError: 15,
  TypeMismatchError: 17,
  SecurityError: 18,
  NetworkError: 19,
  AbortError: 20,
  URLMismatchError: 21,
  QuotaExceededError: 22,
  TimeoutError: 23,
  InvalidNodeTypeError: 24,
  DataCloneError: 25,
};

let isDOMException;

export class DOMException {
  #name;
  #message;
  #cause;

  // https://webidl.spec.whatwg.org/#dom-domexception-domexception
  // constructor(optional DOMString message = "", optional (DOMExceptionOptions or DOMString) options = {})
  constructor(message = "", options = undefined) {
    message = toDOMString(message);
    let name = "Error";
    let cause;
    if (options === undefined || options === null || typeof options === "object" || typeof options === "function") {
      // dictionary DOMExceptionOptions { any cause; DOMString name = "Error"; }, members in order.
      if (options !== undefined && options !== null) {
        cause = options.cause;
        const n = options.name;
        if (n !== undefined) name = toDOMString(n);
      }
    } else {
      name = toDOMString(options);
    }
    this.#message = message;
    this.#name = name;
    this.#cause = cause;
    ErrorCaptureStackTrace(this);
  }

  get name() {
    brandCheck(this, isDOMException, "DOMException");
    return this.#name;
  }

  get message() {
    brandCheck(this, isDOMException, "DOMException");
    return this.#message;
  }

  get code() {
    brandCheck(this, isDOMException, "DOMException");
    return ObjectPrototypeHasOwnProperty(kLegacyCodes, this.#name) ? kLegacyCodes[this.#name] : 0;
  }

  get cause() {
    brandCheck(this, isDOMException, "DOMException");
    return this.#cause;
  }

  static {
    isDOMException = (value) => #name in value;
  }
}

ObjectSetPrototypeOf(DOMException.prototype, ErrorPrototype);
defineInterface(DOMException);
enumerableMembers(DOMException, ["name", "message", "code", "cause"]);
// https://webidl.spec.whatwg.org/#idl-DOMException: the legacy code constants.
defineConstants(DOMException, {
  INDEX_SIZE_ERR: 1,
  DOMSTRING_SIZE_ERR: 2,
  HIERARCHY_REQUEST_ERR: 3,
  WRONG_DOCUMENT_ERR: 4,
  INVALID_CHARACTER_ERR: 5,
  NO_DATA_ALLOWED_ERR: 6,
  NO_MODIFICATION_ALLOWED_ERR: 7,
  NOT_FOUND_ERR: 8,
  NOT_SUPPORTED_ERR: 9,
  INUSE_ATTRIBUTE_ERR: 10,
  INVALID_STATE_ERR: 11,
  SYNTAX_ERR: 12,
  INVALID_MODIFICATION_ERR: 13,
  NAMESPACE_ERR: 14,
  INVALID_ACCESS_ERR: 15,
  VALIDATION_ERR: 16,
  TYPE_MISMATCH_ERR: 17,
  SECURITY_ERR: 18,
  NETWORK_ERR: 19,
  ABORT_ERR: 20,
  URL_MISMATCH_ERR: 21,
  QUOTA_EXCEEDED_ERR: 22,
  TIMEOUT_ERR: 23,
  INVALID_NODE_TYPE_ERR: 24,
  DATA_CLONE_ERR: 25,
});
