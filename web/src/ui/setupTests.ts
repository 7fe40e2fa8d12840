// Vitest setup for component tests: jest-dom matchers (toBeDisabled, toHaveAttribute, …).
// Harmless in the Node environment of the non-DOM tests.
import '@testing-library/jest-dom/vitest';
