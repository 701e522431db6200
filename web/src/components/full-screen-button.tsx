export function FullScreenButton() {
  return (
    <button
      type="button"
      className="btn ghost small"
      onClick={() => void document.documentElement.requestFullscreen?.()}
    >
      Full screen
    </button>
  );
}
