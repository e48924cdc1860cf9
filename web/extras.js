// The views a learner does not need on the first screen: Training (data sets, the training
// loop, its plots) and Instructor (presets, structure, sharing, worked solutions, embed code).
// The page loads them on demand, as their own classic script (dist/extras.js, a global
// BackpropSandboxExtras: classic, so that it also loads from file://), when one of them is
// first opened; the element bundles them (one script for a course page).

export { createTrainingView } from './views/training.js';
export { createInstructorView } from './views/instructor.js';
